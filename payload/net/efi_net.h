/** @file
 * The few UEFI definitions the TCP4 transport uses, written from the UEFI
 * Specification 2.10 (§4.3 system table, §4.4 boot services, §7.1 events,
 * §11.1 service binding, §24.1 simple network, §28.1 TCP4). Our own: the
 * payload does not build against gnu-efi's headers (gnu-efi 3.0.15 has
 * TCP4 but not everything the payload needs elsewhere), and only the
 * members used are typed; the rest are placeholders that keep the layout.
 */
#ifndef VMXB_NET_EFI_NET_H
#define VMXB_NET_EFI_NET_H

#include <stdbool.h>
#include <stdint.h>

#define EFIAPI __attribute__((ms_abi))

typedef uint64_t efi_status;
typedef void *efi_handle;
typedef void *efi_event;

#define EFI_ERR(n) (0x8000000000000000ull | (n))
#define EFI_SUCCESS 0
#define EFI_INVALID_PARAMETER EFI_ERR(2)
#define EFI_NOT_READY EFI_ERR(6)
#define EFI_TIMEOUT EFI_ERR(18)
#define EFI_ABORTED EFI_ERR(21)
#define EFI_NETWORK_UNREACHABLE EFI_ERR(100)
#define EFI_HOST_UNREACHABLE EFI_ERR(101)
#define EFI_CONNECTION_FIN EFI_ERR(104)
#define EFI_CONNECTION_RESET EFI_ERR(105)
#define EFI_CONNECTION_REFUSED EFI_ERR(106)

struct efi_guid {
	uint32_t d1;
	uint16_t d2, d3;
	uint8_t d4[8];
};

struct efi_table_header {
	uint64_t signature;
	uint32_t revision, header_size, crc32, reserved;
};

#define EVT_TIMER 0x80000000u
#define EVT_NOTIFY_SIGNAL 0x00000200u
#define TPL_CALLBACK 8
#define TIMER_RELATIVE 2
#define BY_PROTOCOL 2

typedef void(EFIAPI *efi_notify_fn)(efi_event ev, void *ctx);

/* §4.4: in table order; void * for members not called here. */
struct efi_boot_services {
	struct efi_table_header hdr;
	void *raise_tpl, *restore_tpl;
	void *allocate_pages, *free_pages, *get_memory_map, *allocate_pool;
	efi_status(EFIAPI *free_pool)(void *buf);
	efi_status(EFIAPI *create_event)(uint32_t type, uint64_t tpl, efi_notify_fn fn, void *ctx,
					 efi_event *ev);
	efi_status(EFIAPI *set_timer)(efi_event ev, uint32_t type, uint64_t trigger_100ns);
	void *wait_for_event, *signal_event;
	efi_status(EFIAPI *close_event)(efi_event ev);
	efi_status(EFIAPI *check_event)(efi_event ev);
	void *install_protocol_interface, *reinstall_protocol_interface,
		*uninstall_protocol_interface;
	efi_status(EFIAPI *handle_protocol)(efi_handle h, const struct efi_guid *g, void **iface);
	void *reserved, *register_protocol_notify, *locate_handle, *locate_device_path,
		*install_configuration_table, *load_image, *start_image, *exit, *unload_image,
		*exit_boot_services, *get_next_monotonic_count;
	efi_status(EFIAPI *stall)(uint64_t us);
	void *set_watchdog_timer, *connect_controller, *disconnect_controller, *open_protocol,
		*close_protocol, *open_protocol_information, *protocols_per_handle;
	efi_status(EFIAPI *locate_handle_buffer)(uint32_t search, const struct efi_guid *g,
						 void *key, uint64_t *count, efi_handle **buf);
};

struct efi_system_table {
	struct efi_table_header hdr;
	void *firmware_vendor;
	uint32_t firmware_revision;
	efi_handle con_in_handle;
	void *con_in;
	efi_handle con_out_handle;
	void *con_out;
	efi_handle stderr_handle;
	void *std_err;
	void *runtime_services;
	struct efi_boot_services *boot_services;
	uint64_t n_config;
	void *config;
};

/* §11.1 */
struct efi_service_binding {
	efi_status(EFIAPI *create_child)(struct efi_service_binding *self, efi_handle *child);
	efi_status(EFIAPI *destroy_child)(struct efi_service_binding *self, efi_handle child);
};

/* §24.1: the mode's CurrentAddress, for choosing the NIC by mac= */
struct efi_mac {
	uint8_t addr[32];
};
struct efi_snp_mode {
	uint32_t state, hw_address_size, media_header_size, max_packet_size, nvram_size,
		nvram_access_size, receive_filter_mask, receive_filter_setting,
		max_mcast_filter_count, mcast_filter_count;
	struct efi_mac mcast_filter[16];
	struct efi_mac current_address;
};
struct efi_snp {
	uint64_t revision;
	void *start, *stop, *initialize, *reset, *shutdown, *receive_filters, *station_address,
		*statistics, *mcast_ip_to_mac, *nvdata, *get_status, *transmit, *receive;
	efi_event wait_for_packet;
	struct efi_snp_mode *mode;
};

/* §28.1 TCP4 */
struct efi_ipv4 {
	uint8_t a[4];
};
struct efi_tcp4_access_point {
	uint8_t use_default_address; /* BOOLEAN */
	struct efi_ipv4 station, subnet;
	uint16_t station_port;
	struct efi_ipv4 remote;
	uint16_t remote_port;
	uint8_t active;
};
struct efi_tcp4_option {
	uint32_t rx_buffer, tx_buffer, max_syn_backlog, connection_timeout, data_retries,
		fin_timeout, time_wait_timeout, keepalive_probes, keepalive_time,
		keepalive_interval;
	uint8_t nagle, timestamp, window_scaling, selective_ack, path_mtu_discovery;
};
struct efi_tcp4_config {
	uint8_t tos, ttl;
	struct efi_tcp4_access_point ap;
	struct efi_tcp4_option *option;
};
struct efi_tcp4_completion {
	efi_event event;
	efi_status status;
};
struct efi_tcp4_fragment {
	uint32_t len;
	void *buf;
};
struct efi_tcp4_rx {
	uint8_t urgent;
	uint32_t len;
	uint32_t nfrag;
	struct efi_tcp4_fragment frag[1];
};
struct efi_tcp4_tx {
	uint8_t push, urgent;
	uint32_t len;
	uint32_t nfrag;
	struct efi_tcp4_fragment frag[2];   /**< head and body */
};
struct efi_tcp4_io {
	struct efi_tcp4_completion done;
	union {
		struct efi_tcp4_rx *rx;
		struct efi_tcp4_tx *tx;
	} p;
};
struct efi_tcp4_close {
	struct efi_tcp4_completion done;
	uint8_t abort;
};
struct efi_tcp4 {
	void *get_mode_data;
	efi_status(EFIAPI *configure)(struct efi_tcp4 *self, struct efi_tcp4_config *cfg);
	efi_status(EFIAPI *routes)(struct efi_tcp4 *self, uint8_t del, struct efi_ipv4 *subnet,
				   struct efi_ipv4 *mask, struct efi_ipv4 *gw);
	efi_status(EFIAPI *connect)(struct efi_tcp4 *self, struct efi_tcp4_completion *tok);
	void *accept;
	efi_status(EFIAPI *transmit)(struct efi_tcp4 *self, struct efi_tcp4_io *tok);
	efi_status(EFIAPI *receive)(struct efi_tcp4 *self, struct efi_tcp4_io *tok);
	efi_status(EFIAPI *close)(struct efi_tcp4 *self, struct efi_tcp4_close *tok);
	efi_status(EFIAPI *cancel)(struct efi_tcp4 *self, struct efi_tcp4_completion *tok);
	efi_status(EFIAPI *poll)(struct efi_tcp4 *self);
};

/* The layouts the firmware expects (UEFI 2.10 tables; x86-64 C alignment). */
_Static_assert(__builtin_offsetof(struct efi_boot_services, handle_protocol) == 152, "BS");
_Static_assert(__builtin_offsetof(struct efi_boot_services, stall) == 248, "BS");
_Static_assert(__builtin_offsetof(struct efi_boot_services, locate_handle_buffer) == 312, "BS");
_Static_assert(__builtin_offsetof(struct efi_system_table, boot_services) == 96, "ST");
_Static_assert(__builtin_offsetof(struct efi_snp_mode, current_address) == 552, "SNP mode");
_Static_assert(__builtin_offsetof(struct efi_snp, mode) == 120, "SNP");
_Static_assert(__builtin_offsetof(struct efi_tcp4_config, option) == 24, "TCP4 config");
_Static_assert(__builtin_offsetof(struct efi_tcp4, poll) == 72, "TCP4");

#define EFI_TCP4_SERVICE_BINDING_GUID \
	{ 0x00720665, 0x67eb, 0x4a99, { 0xba, 0xf7, 0xd3, 0xc3, 0x3a, 0x1c, 0x7c, 0xc9 } }
#define EFI_TCP4_GUID \
	{ 0x65530bc7, 0xa359, 0x410f, { 0xb0, 0x10, 0x5a, 0xad, 0xc7, 0xec, 0x2b, 0x62 } }
#define EFI_SNP_GUID \
	{ 0xa19832b9, 0xac25, 0x11d3, { 0x9a, 0x2d, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d } }

#endif
