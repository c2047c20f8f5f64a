// Unit tests for connections.h: the verdict rules of docs/connections.md, the
// listeners' counts and rules, the filter, and the two renderers.
#include <catch2/catch.hpp>

#include "analysis/connections.h"
#include "support.h"

using namespace wfpredir;
using wfpredir::test::words;

namespace {

IpEndpoint ep(const char* text) {
  const std::string t = text;
  const auto colon = t.rfind(':');
  return *parse_ip_literal(t.substr(0, colon),
                           static_cast<std::uint16_t>(std::stoi(t.substr(colon + 1))));
}

SocketRow connection(const char* local, const char* remote) {
  SocketRow r;
  r.protocol = "tcp";
  r.state = "established";
  r.local = ep(local);
  r.remote = ep(remote);
  return r;
}

ConntrackWitness entry(const char* osrc, const char* odst, const char* rsrc, const char* rdst) {
  ConntrackWitness w;
  w.outcome = "found";
  w.original_src = ep(osrc);
  w.original_dst = ep(odst);
  w.reply_src = ep(rsrc);
  w.reply_dst = ep(rdst);
  w.destination_rewritten = !same_endpoint(w.reply_src, w.original_dst);
  return w;
}

}  // namespace

TEST_CASE(
    "connections: an accepted connection whose reply source is not the original "
    "destination was redirected",
    "[connections]") {
  SocketRow r = connection("10.0.0.1:8080", "10.0.0.2:5000");
  r.conntrack = entry("10.0.0.2:5000", "198.51.100.8:80", "10.0.0.1:8080", "10.0.0.2:5000");
  decide_verdict(r);
  CHECK(r.verdict == "redirected");
  CHECK(format_endpoint(r.original_destination) == "198.51.100.8:80");
}

TEST_CASE(
    "connections: an accepted connection answered from its original destination was not "
    "redirected",
    "[connections]") {
  SocketRow r = connection("10.0.0.1:8080", "10.0.0.2:5000");
  r.conntrack = entry("10.0.0.2:5000", "10.0.0.1:8080", "10.0.0.1:8080", "10.0.0.2:5000");
  decide_verdict(r);
  CHECK(r.verdict == "not-redirected");
  CHECK_FALSE(r.original_destination);
}

TEST_CASE(
    "connections: the connecting side of a direct connection is not redirected, although "
    "SO_ORIGINAL_DST answers",
    "[connections]") {
  SocketRow r = connection("10.0.0.2:5000", "198.51.100.8:80");
  r.conntrack = entry("10.0.0.2:5000", "198.51.100.8:80", "198.51.100.8:80", "10.0.0.2:5000");
  r.confirm.status = "answered";
  r.confirm.original_dst = ep("198.51.100.8:80");
  decide_verdict(r);
  CHECK(r.verdict == "not-redirected");
}

TEST_CASE("connections: a local address the host does not carry is TPROXY's evidence",
          "[connections]") {
  SocketRow r = connection("198.51.100.7:8081", "10.0.0.2:5000");
  r.local_assigned = false;
  r.conntrack.outcome = "no-entry";
  decide_verdict(r);
  CHECK(r.verdict == "redirected");
  CHECK(format_endpoint(r.original_destination) == "198.51.100.7:8081");
}

TEST_CASE(
    "connections: no conntrack entry and no second witness is unknown, not "
    "not-redirected",
    "[connections]") {
  SocketRow r = connection("10.0.0.1:8080", "10.0.0.2:5000");
  r.conntrack.outcome = "no-entry";
  decide_verdict(r);
  CHECK(r.verdict == "unknown");
  r.conntrack.outcome = "cannot-ask";
  decide_verdict(r);
  CHECK(r.verdict == "unknown");
}

TEST_CASE("connections: SO_ORIGINAL_DST alone decides when conntrack could not be asked",
          "[connections]") {
  SocketRow r = connection("127.0.0.1:8080", "127.0.0.1:40080");
  r.conntrack.outcome = "cannot-ask";
  r.confirm.status = "answered";
  r.confirm.original_dst = ep("127.0.0.1:80");
  decide_verdict(r);
  CHECK(r.verdict == "redirected");
  r.confirm.original_dst = ep("127.0.0.1:8080");
  decide_verdict(r);
  CHECK(r.verdict == "not-redirected");
  // The connecting side: the peer's own address proves nothing.
  SocketRow c = connection("127.0.0.1:40081", "127.0.0.1:8080");
  c.conntrack.outcome = "cannot-ask";
  c.confirm.status = "answered";
  c.confirm.original_dst = ep("127.0.0.1:8080");
  decide_verdict(c);
  CHECK(c.verdict == "unknown");
}

TEST_CASE("connections: the two witnesses disagreeing is said", "[connections]") {
  SocketRow r = connection("10.0.0.1:8080", "10.0.0.2:5000");
  r.conntrack = entry("10.0.0.2:5000", "198.51.100.8:80", "10.0.0.1:8080", "10.0.0.2:5000");
  r.confirm.status = "answered";
  r.confirm.original_dst = ep("198.51.100.9:80");
  decide_verdict(r);
  CHECK(r.verdict == "redirected");
  CHECK(r.witnesses_disagree);
}

TEST_CASE("connections: a listener counts its connections and the rules that reach it",
          "[connections]") {
  ConnectionsReport rep;
  SocketRow l;
  l.protocol = "tcp";
  l.state = "listen";
  l.local = ep("0.0.0.0:8080");
  rep.sockets.push_back(l);
  rep.sockets.push_back(connection("127.0.0.1:8080", "127.0.0.1:40000"));
  rep.sockets.push_back(connection("10.0.0.1:8080", "10.0.0.2:40001"));
  rep.sockets.push_back(connection("10.0.0.1:40002", "10.0.0.3:8080"));  // outgoing
  NetfilterRule to_8080;
  to_8080.action = "redirect";
  to_8080.protocol = "tcp";
  to_8080.dports = {80};
  to_8080.to_port = 8080;
  NetfilterRule keeps_port;
  keeps_port.action = "tproxy";
  keeps_port.dports = {8080};
  NetfilterRule elsewhere = to_8080;
  elsewhere.to_port = 9090;
  NetfilterRule udp_only = to_8080;
  udp_only.protocol = "udp";
  attach_listeners(rep, {to_8080, keeps_port, elsewhere, udp_only});
  CHECK(rep.sockets[0].connections == 2);
  CHECK(rep.sockets[0].rules.size() == 2);
}

TEST_CASE("connections: --port keeps both ends, --pid the process's sockets", "[connections]") {
  ConnectionsReport rep;
  rep.sockets.push_back(connection("127.0.0.1:8080", "127.0.0.1:40000"));
  rep.sockets.push_back(connection("127.0.0.1:40000", "127.0.0.1:8080"));
  rep.sockets.push_back(connection("127.0.0.1:22", "127.0.0.1:40001"));
  rep.sockets[0].processes.push_back({42, "socat", ""});
  rep.filter.port = 8080;
  apply_filter(rep);
  CHECK(rep.sockets.size() == 2);
  rep.filter.pid = 42;
  apply_filter(rep);
  CHECK(rep.sockets.size() == 1);
}

TEST_CASE("connections: the text names the owner, the verdict and the original destination",
          "[connections]") {
  ConnectionsReport rep;
  SocketRow r = connection("10.0.0.1:8080", "10.0.0.2:5000");
  r.processes.push_back({42, "socat", ""});
  r.conntrack = entry("10.0.0.2:5000", "198.51.100.8:80", "10.0.0.1:8080", "10.0.0.2:5000");
  decide_verdict(r);
  rep.sockets.push_back(r);
  const std::string en = render_connections_text(rep, Lang::en);
  CHECK(en.find("connection tcp 10.0.0.2:5000 -> 10.0.0.1:8080 established (pid 42 socat): "
                "redirected, original destination 198.51.100.8:80") != std::string::npos);
  const std::string fr = render_connections_text(rep, Lang::fr);
  CHECK(fr.find("redirigée") != std::string::npos);
  const std::string json = render_connections_json(rep);
  CHECK(json.find("\"type\": \"connections\"") != std::string::npos);
  CHECK(json.find("\"original_destination\": \"198.51.100.8:80\"") != std::string::npos);
}

TEST_CASE(
    "connections: a connect4 program on the client's cgroup path makes not-redirected unknown",
    "[connections][bpf]") {
  SocketRow r = connection("127.0.0.1:18480", "127.0.0.1:40000");
  r.conntrack = entry("127.0.0.1:40000", "127.0.0.1:18480", "127.0.0.1:18480", "127.0.0.1:40000");
  decide_verdict(r);
  REQUIRE(r.verdict == "not-redirected");
  const BpfProgram on_parent{7, "c4", "cgroup_sock_addr", "connect4", "/mesh", ""};
  const BpfProgram elsewhere{8, "c4b", "cgroup_sock_addr", "connect4", "/meshy", ""};
  const BpfProgram v6{9, "c6", "cgroup_sock_addr", "connect6", "/mesh", ""};
  const BpfProgram loose{10, "c4c", "cgroup_sock_addr", "", "", "not-attached"};

  SECTION("a program on another cgroup (a name prefix is not a parent) changes nothing") {
    weigh_bpf(r, {"/mesh/app"}, {elsewhere, v6, loose});
    CHECK(r.verdict == "not-redirected");
    CHECK(r.bpf.empty());
  }
  SECTION("a program on a parent of the peer's cgroup is named and the verdict is unknown") {
    weigh_bpf(r, {"/mesh/app"}, {on_parent, elsewhere});
    CHECK(r.verdict == "unknown");
    REQUIRE(r.bpf.size() == 1);
    CHECK(r.bpf[0].id == 7);
    CHECK(words(r.reason).find("eBPF") != std::string::npos);
  }
  SECTION("an sk_lookup program in the namespace reaches every connection") {
    weigh_bpf(r, {}, {BpfProgram{11, "lk", "sk_lookup", "sk_lookup", "netns", ""}});
    CHECK(r.verdict == "unknown");
    CHECK(r.bpf.size() == 1);
  }
  SECTION("a redirect that conntrack proves stays redirected, with the program named") {
    r.conntrack = entry("127.0.0.1:40000", "127.0.0.1:80", "127.0.0.1:18480", "127.0.0.1:40000");
    decide_verdict(r);
    weigh_bpf(r, {"/mesh"}, {on_parent});
    CHECK(r.verdict == "redirected");
    CHECK(r.bpf.size() == 1);
  }
}
