/** @file
 * The upload transport over the firmware's TCP4 (see efi_tcp4.h).
 *
 * Why TCP4 and not EFI_HTTP: EFI_HTTP needs its own IPv4 configuration
 * too (no station address per instance in every firmware: OVMF's uses the
 * default address, which means Ip4Config2), it is missing from many
 * firmware builds that have TCP4, and the request is ten lines we write
 * ourselves anyway. TCP4 takes an explicit station address per instance.
 *
 * Every exchange: CreateChild, Configure (station ip=/netmask=, remote
 * collect=), a route via gw= when given, Connect, one Transmit (head and
 * body as two fragments), Receive until the response parses, an abortive
 * Close (no 2 s TIME_WAIT per batch: the response is already in), then
 * DestroyChild. Tokens use EVT_NOTIFY_SIGNAL events whose notify function
 * sets a flag; the wait loop calls Poll() and checks one timer event for
 * the whole exchange, so a silent collector costs at most timeout_ms.
 * env.enter()/leave() bracket the whole exchange: everything between is
 * firmware calls and this file's loop.
 */
#include <string.h>
#include "lib/fmt.h"
#include "net/efi_net.h"
#include "net/efi_tcp4.h"
#include "net/http.h"

static struct {
	struct efi_net_env env;
	struct efi_boot_services *bs;
	struct efi_service_binding *sb;
	struct efi_tcp4_addr a;
} g;

static const struct efi_guid tcp4_sb_guid = EFI_TCP4_SERVICE_BINDING_GUID;
static const struct efi_guid tcp4_guid = EFI_TCP4_GUID;
static const struct efi_guid snp_guid = EFI_SNP_GUID;

static void EFIAPI set_flag(efi_event ev, void *ctx)
{
	(void)ev;
	*(volatile uint8_t *)ctx = 1;
}

/* One exchange's firmware objects, freed by xchg_end() whatever happened. */
struct xchg {
	efi_handle child;
	struct efi_tcp4 *tcp;
	efi_event timer;
	efi_event ev[4];           /* connect, transmit, receive, close */
	volatile uint8_t done[4];
	bool expired;
	struct net_transport *t;
};

enum { EV_CONNECT, EV_TX, EV_RX, EV_CLOSE };

static enum net_rc fail(struct xchg *x, const char *what, efi_status st)
{
	fmt_snprintf(x->t->detail, sizeof(x->t->detail), "%s: EFI status 0x%llx", what,
		     (unsigned long long)st);
	switch (st) {
	case EFI_CONNECTION_REFUSED:
	case EFI_CONNECTION_RESET:
	case EFI_CONNECTION_FIN:
		return NET_RESET;
	case EFI_TIMEOUT:
		return NET_TIMEOUT;
	default:
		return NET_ERROR;
	}
}

/* Poll until token @p i completes or the exchange's time is up. */
static bool wait_done(struct xchg *x, int i)
{
	while (!x->done[i]) {
		if (x->expired || g.bs->check_event(x->timer) == EFI_SUCCESS) {
			x->expired = true;
			return false;
		}
		x->tcp->poll(x->tcp);
	}
	return true;
}

static enum net_rc xchg_begin(struct xchg *x, const struct net_exchange *ex)
{
	struct efi_tcp4_config cfg;
	efi_status st;

	if ((st = g.bs->create_event(EVT_TIMER, 0, NULL, NULL, &x->timer)) != EFI_SUCCESS)
		return fail(x, "CreateEvent(timer)", st);
	g.bs->set_timer(x->timer, TIMER_RELATIVE, (uint64_t)ex->timeout_ms * 10000);
	for (int i = 0; i < 4; i++)
		if ((st = g.bs->create_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, set_flag,
					     (void *)&x->done[i], &x->ev[i])) != EFI_SUCCESS)
			return fail(x, "CreateEvent", st);
	if ((st = g.sb->create_child(g.sb, &x->child)) != EFI_SUCCESS)
		return fail(x, "TCP4 CreateChild", st);
	if ((st = g.bs->handle_protocol(x->child, &tcp4_guid, (void **)&x->tcp)) != EFI_SUCCESS) {
		x->tcp = NULL;
		return fail(x, "TCP4 HandleProtocol", st);
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.ttl = 64;
	cfg.ap.use_default_address = 0; /* explicit: never the NVRAM-backed default */
	memcpy(cfg.ap.station.a, g.a.ip, 4);
	memcpy(cfg.ap.subnet.a, g.a.mask, 4);
	memcpy(cfg.ap.remote.a, ex->to->ip, 4);
	cfg.ap.remote_port = ex->to->port;
	cfg.ap.active = 1;
	if ((st = x->tcp->configure(x->tcp, &cfg)) != EFI_SUCCESS)
		return fail(x, "TCP4 Configure", st);
	if (g.a.has_gw) {
		struct efi_ipv4 zero = { { 0 } }, gw;

		memcpy(gw.a, g.a.gw, 4);
		if ((st = x->tcp->routes(x->tcp, 0, &zero, &zero, &gw)) != EFI_SUCCESS)
			return fail(x, "TCP4 Routes (gw=)", st);
	}
	return NET_OK;
}

static void xchg_end(struct xchg *x, bool connected)
{
	if (x->tcp) {
		struct efi_tcp4_close c = { { x->ev[EV_CLOSE], 0 }, 1 };

		/* cancel what is pending (its events still live), then abort the connection */
		x->tcp->cancel(x->tcp, NULL);
		if (connected && x->tcp->close(x->tcp, &c) == EFI_SUCCESS) {
			for (int spin = 0; !x->done[EV_CLOSE] && spin < 100000; spin++)
				x->tcp->poll(x->tcp);
		}
		x->tcp->configure(x->tcp, NULL);
	}
	if (x->child)
		g.sb->destroy_child(g.sb, x->child);
	for (int i = 0; i < 4; i++)
		if (x->ev[i])
			g.bs->close_event(x->ev[i]);
	if (x->timer)
		g.bs->close_event(x->timer);
}

static enum net_rc exchange_fw(struct xchg *x, struct net_exchange *ex, bool *connected)
{
	struct efi_tcp4_completion conn;
	struct efi_tcp4_tx tx;
	struct efi_tcp4_io io;
	enum net_rc rc;
	efi_status st;
	struct http_resp r;

	if ((rc = xchg_begin(x, ex)) != NET_OK)
		return rc;
	/* the tokens get their events only now */
	conn = (struct efi_tcp4_completion){ x->ev[EV_CONNECT], 0 };
	io = (struct efi_tcp4_io){ { x->ev[EV_TX], 0 }, { .tx = &tx } };
	if ((st = x->tcp->connect(x->tcp, &conn)) != EFI_SUCCESS)
		return fail(x, "TCP4 Connect", st);
	if (!wait_done(x, EV_CONNECT))
		return fail(x, "TCP4 Connect", EFI_TIMEOUT);
	if (conn.status != EFI_SUCCESS)
		return fail(x, "TCP4 Connect", conn.status);
	*connected = true;

	memset(&tx, 0, sizeof(tx));
	tx.push = 1;
	tx.len = (uint32_t)(ex->head_len + ex->body_len);
	tx.nfrag = 2;
	tx.frag[0] = (struct efi_tcp4_fragment){ (uint32_t)ex->head_len, (void *)ex->head };
	tx.frag[1] = (struct efi_tcp4_fragment){ (uint32_t)ex->body_len, (void *)ex->body };
	if ((st = x->tcp->transmit(x->tcp, &io)) != EFI_SUCCESS)
		return fail(x, "TCP4 Transmit", st);
	if (!wait_done(x, EV_TX))
		return fail(x, "TCP4 Transmit", EFI_TIMEOUT);
	if (io.done.status != EFI_SUCCESS)
		return fail(x, "TCP4 Transmit", io.done.status);

	/* read until the response is whole, the peer closes, or the buffer is full */
	ex->resp_len = 0;
	while (ex->resp_len < ex->resp_cap) {
		struct efi_tcp4_rx rx = { 0 };
		struct efi_tcp4_io rio = { { x->ev[EV_RX], 0 }, { .rx = &rx } };

		x->done[EV_RX] = 0;
		rx.len = (uint32_t)(ex->resp_cap - ex->resp_len);
		rx.nfrag = 1;
		rx.frag[0] = (struct efi_tcp4_fragment){ rx.len, ex->resp + ex->resp_len };
		if ((st = x->tcp->receive(x->tcp, &rio)) != EFI_SUCCESS) {
			if (st == EFI_CONNECTION_FIN) {
				ex->closed = true;
				break;
			}
			return fail(x, "TCP4 Receive", st);
		}
		if (!wait_done(x, EV_RX))
			return fail(x, "TCP4 Receive", EFI_TIMEOUT);
		if (rio.done.status == EFI_CONNECTION_FIN) {
			ex->closed = true;
			break;
		}
		if (rio.done.status != EFI_SUCCESS)
			return fail(x, "TCP4 Receive", rio.done.status);
		/* never trust the count beyond what we offered */
		ex->resp_len += rx.len <= ex->resp_cap - ex->resp_len ? rx.len : 0;
		if (http_resp_parse(ex->resp, ex->resp_len, false, &r) != HTTP_MORE)
			break;
	}
	return NET_OK;
}

static enum net_rc efi_exchange(void *ctx, struct net_exchange *ex)
{
	struct xchg x;
	bool connected = false;
	enum net_rc rc;

	memset(&x, 0, sizeof(x));
	x.t = ctx;
	x.t->detail[0] = '\0';
	ex->closed = false;
	if (!g.env.enter()) {
		fmt_snprintf(x.t->detail, sizeof(x.t->detail), "the firmware cannot be called here");
		return NET_ERROR;
	}
	rc = exchange_fw(&x, ex, &connected);
	xchg_end(&x, connected);
	g.env.leave();
	return rc;
}

static void efi_pause(void *ctx, uint32_t ms)
{
	(void)ctx;
	if (!g.env.enter())
		return;
	g.bs->stall((uint64_t)ms * 1000);
	g.env.leave();
}

/* The MAC of @p h from its Simple Network Protocol; false without one. */
static bool handle_mac(efi_handle h, uint8_t mac[6])
{
	struct efi_snp *snp;

	if (g.bs->handle_protocol(h, &snp_guid, (void **)&snp) != EFI_SUCCESS || !snp->mode)
		return false;
	memcpy(mac, snp->mode->current_address.addr, 6);
	return true;
}

int efi_tcp4_open(struct net_transport *t, const struct efi_net_env *env,
		  const struct efi_tcp4_addr *a, const char **why)
{
	struct efi_system_table *st = env->system_table;
	efi_handle *hs = NULL, pick = NULL;
	uint64_t n = 0;

	if (!st || !st->boot_services) {
		*why = "no UEFI boot services";
		return -1;
	}
	g.env = *env;
	g.bs = st->boot_services;
	g.a = *a;
	if (!env->enter()) {
		*why = "the firmware cannot be called (not the boot CPU?)";
		return -1;
	}
	if (g.bs->locate_handle_buffer(BY_PROTOCOL, &tcp4_sb_guid, NULL, &n, &hs) != EFI_SUCCESS)
		n = 0;
	for (uint64_t i = 0; i < n; i++) {
		uint8_t mac[6];

		if (!pick)
			pick = hs[i]; /* the first, unless one matches mac= */
		if (a->has_mac && handle_mac(hs[i], mac) && memcmp(mac, a->mac, 6) == 0) {
			pick = hs[i];
			break;
		}
	}
	if (pick && g.bs->handle_protocol(pick, &tcp4_sb_guid, (void **)&g.sb) != EFI_SUCCESS)
		pick = NULL;
	if (hs)
		g.bs->free_pool(hs);
	env->leave();
	if (!pick) {
		*why = n ? "the firmware's TCP4 service binding cannot be opened" :
			   "the firmware has no TCP4 (no network stack on any NIC)";
		return -1;
	}
	*t = (struct net_transport){ .name = "uefi-tcp4", .exchange = efi_exchange,
				     .pause = efi_pause };
	t->ctx = t;
	return 0;
}
