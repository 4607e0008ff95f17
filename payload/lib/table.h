/** @file
 * Linker tables: a file drops a pointer into a named table at the bottom of
 * its own source, and code walks the table. Adding a suite or an entry group
 * is one new file, with no central list to edit (iPXE does the same).
 *
 * Entries live in sections ".tbl.<table>.<order>"; link.ld keeps them and
 * sorts them by name, so <order> (two digits, 01..98) fixes the walk order.
 * Two zero-length arrays at orders 00 and 99 mark the table's ends.
 */
#ifndef VMXB_LIB_TABLE_H
#define VMXB_LIB_TABLE_H

#define TABLE_SECTION(table, order) ".tbl." #table "." #order

/** Attributes of one entry of @p table at position @p order. */
#define TABLE_ENTRY(table, order) __attribute__((used, section(TABLE_SECTION(table, order))))

/*
 * First and one-past-last entry of @p table, whose entries are of type
 * @p type. The marker arrays are empty: the pointer goes through an empty
 * asm so the compiler cannot fold loads through it (it would read a const,
 * zero-sized object as zeroes).
 */
#define TABLE_MARK(type, table, order)                                                   \
	({                                                                               \
		static type __tbl_mark[0]                                                \
			__attribute__((used, section(TABLE_SECTION(table, order))));     \
		__typeof__(type) *__tbl_p = __tbl_mark;                                 \
		__asm__("" : "+r"(__tbl_p));                                             \
		__tbl_p;                                                                 \
	})
#define TABLE_START(type, table) TABLE_MARK(type, table, 00)
#define TABLE_END(type, table) TABLE_MARK(type, table, 99)

/** Walk @p table: @p p points at each entry (of type @p type) in order. */
#define for_each_table_entry(p, type, table)                                           \
	for (__typeof__(type) *p = TABLE_START(type, table), *p##_end = TABLE_END(type, table);   \
	     p < p##_end; p++)

#endif
