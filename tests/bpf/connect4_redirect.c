// A cgroup/connect4 program for tests/e2e/bpf_redirect.sh: rewrites a TCP
// connect() to 127.0.0.1:80 into 127.0.0.1:TARGET_PORT, the way a service
// mesh or Cilium's socket load balancer does, leaving no conntrack NAT entry.
// The port is fixed (TARGET_PORT) and the script listens on it.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define TARGET_PORT 18480

SEC("cgroup/connect4")
int wfpredir_c4(struct bpf_sock_addr *ctx) {
  if (ctx->user_ip4 == bpf_htonl(0x7f000001) && ctx->user_port == bpf_htons(80))
    ctx->user_port = bpf_htons(TARGET_PORT);
  return 1;  // allow the connect
}

char LICENSE[] SEC("license") = "GPL";
