// A tc (sched_cls) program for tests/e2e/bpf_redirect.sh: passes every
// packet. It only has to be attached (tc filter ... ingress bpf da) so that
// doctor's inventory can be checked to name its interface and direction.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int wfpredir_tc(struct __sk_buff *skb) {
  (void)skb;
  return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
