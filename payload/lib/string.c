/** @file
 * The freestanding <string.h> of the payload (payload/include/string.h).
 *
 * Payload only: the host uses its libc. The copies use REP MOVSB/STOS so the
 * compiler cannot turn a loop back into a call to the function itself.
 */
#include <stdint.h>
#include <string.h>

/* Whole quadwords first when the start is 8-byte aligned (pages, VMCS
 * regions): Bochs runs each REP iteration as one instruction, so zeroing a
 * page takes 512 of them instead of 4096 (docs/emulators.md); silicon's fast
 * strings do either well. */
void *memset(void *d, int c, size_t n)
{
	void *r = d;

	if (n >= 8 && !((uintptr_t)d & 7)) {
		uint64_t q = (uint8_t)c * 0x0101010101010101ull;
		size_t nq = n / 8;

		__asm__ volatile("rep stosq" : "+D"(d), "+c"(nq) : "a"(q) : "memory");
		n &= 7;
	}
	__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return r;
}

void *memcpy(void *d, const void *s, size_t n)
{
	void *r = d;

	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	return r;
}

void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *de;
	const unsigned char *se;

	if ((unsigned char *)d <= (const unsigned char *)s ||
	    (unsigned char *)d >= (const unsigned char *)s + n)
		return memcpy(d, s, n);
	/* Overlap with dest above source: copy backwards. */
	de = (unsigned char *)d + n - 1;
	se = (const unsigned char *)s + n - 1;
	__asm__ volatile("std\n\trep movsb\n\tcld" : "+D"(de), "+S"(se), "+c"(n) : : "memory");
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}
