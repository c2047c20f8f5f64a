// Windows inventory: the Winsock catalog (WSAEnumProtocolsW, with each
// provider's DLL from WSCGetProviderPath) and the WFP filters at the redirect
// layers (Fwpm enumeration, provider/callout/sublayer looked up by key).
// Every failure is kept with its code; the rest of the inventory still runs.
#ifndef NOMINMAX
#define NOMINMAX
#endif
// winsock2.h must come before windows.h, and windows.h before fwpmu.h.
#include <winsock2.h>
#include <ws2spi.h>
#include <ws2tcpip.h>

#include <windows.h>

#include <fwpmu.h>

#include <fmt/format.h>

#include <algorithm>
#include <cwctype>
#include <memory>

#include "model/inventory.h"
#include "platform/inventory.h"
#include "platform/win32/names.h"
#include "text/i18n.h"

namespace wfpredir {
namespace {

// Layer keys from the SDK's fwpmu.h; MinGW-w64 does not define them
// (docs/winsock-contract.md#control-codes lists what it lacks).
constexpr GUID kConnectRedirectV4 = {
    0xc6e63c8c, 0xb784, 0x4562, {0xaa, 0x7d, 0x0a, 0x67, 0xcf, 0xca, 0xf9, 0xa3}};
constexpr GUID kConnectRedirectV6 = {
    0x587e54a7, 0x8046, 0x42ba, {0xa0, 0xaa, 0xb7, 0x16, 0x25, 0x0f, 0xc7, 0xfd}};
constexpr GUID kBindRedirectV4 = {
    0x66978cad, 0xc704, 0x42ac, {0x86, 0xac, 0x7c, 0x1a, 0x23, 0x1b, 0xd2, 0x53}};
constexpr GUID kBindRedirectV6 = {
    0xbef02c9c, 0x606b, 0x4536, {0x8c, 0x26, 0x1c, 0x2f, 0xc7, 0xb6, 0x31, 0xd4}};

std::string guid_text(const GUID& g) {
  return fmt::format("{{{:08X}-{:04X}-{:04X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}}}",
                     g.Data1, g.Data2, g.Data3, g.Data4[0], g.Data4[1], g.Data4[2], g.Data4[3],
                     g.Data4[4], g.Data4[5], g.Data4[6], g.Data4[7]);
}

// Windows' own providers: MSAFD Tcpip and Tcpip6 by their well-known
// provider GUIDs (what Wine also reports), or any whose DLL is mswsock.dll.
bool is_microsoft_id(const std::string& id) {
  return id == "{E70F1AA0-AB8B-11CF-8CA3-00805F48A192}" ||
         id == "{F9EAB0C0-26D4-11D0-BBBF-00AA006C34E4}";
}

// Windows' own base and layered providers live in mswsock.dll.
bool is_microsoft_path(std::wstring path) {
  std::transform(path.begin(), path.end(), path.begin(),
                 [](wchar_t c) { return static_cast<wchar_t>(std::towlower(c)); });
  return path.size() >= 11 && path.compare(path.size() - 11, 11, L"mswsock.dll") == 0;
}

void read_winsock(Inventory& inv) {
  inv.has_winsock = true;
  WSADATA data{};
  if (const int rc = WSAStartup(MAKEWORD(2, 2), &data); rc != 0) {
    inv.winsock_error = InventoryError{"WSAStartup", ErrorDomain::windows, rc, "", false};
    return;
  }
  DWORD size = 0;
  WSAEnumProtocolsW(nullptr, nullptr, &size);
  std::vector<std::uint8_t> buffer(std::max<DWORD>(size, sizeof(WSAPROTOCOL_INFOW)));
  size = static_cast<DWORD>(buffer.size());
  auto* list = reinterpret_cast<WSAPROTOCOL_INFOW*>(buffer.data());
  const int n = WSAEnumProtocolsW(nullptr, list, &size);
  if (n == SOCKET_ERROR) {
    inv.winsock_error =
        InventoryError{"WSAEnumProtocolsW", ErrorDomain::windows, WSAGetLastError(), "", false};
  } else {
    for (int i = 0; i < n; ++i) {
      const WSAPROTOCOL_INFOW& p = list[i];
      WinsockEntry e;
      e.name = win32::utf8(p.szProtocol);
      e.catalog_id = p.dwCatalogEntryId;
      e.family = p.iAddressFamily;
      e.socket_type = p.iSocketType;
      e.protocol = p.iProtocol;
      e.chain_length = p.ProtocolChain.ChainLen;
      for (int c = 0; c < std::min(p.ProtocolChain.ChainLen, MAX_PROTOCOL_CHAIN); ++c)
        e.chain.push_back(p.ProtocolChain.ChainEntries[c]);
      e.provider_id = guid_text(p.ProviderId);
      e.ifs_handles = (p.dwServiceFlags1 & XP1_IFS_HANDLES) != 0;
      e.microsoft = is_microsoft_id(e.provider_id);
      wchar_t path[MAX_PATH + 1] = {};
      int path_len = MAX_PATH, err = 0;
      GUID id = p.ProviderId;
      if (WSCGetProviderPath(&id, path, &path_len, &err) == 0) {
        e.path = win32::utf8(path);
        e.microsoft = e.microsoft || is_microsoft_path(path);
      } else {
        e.path = trf("(WSCGetProviderPath failed: error {})", err);
      }
      inv.winsock.push_back(std::move(e));
    }
  }
  WSACleanup();
}

struct LayerName {
  const GUID* key;
  const char* name;
};

void read_wfp(Inventory& inv) {
  inv.has_wfp = true;
  HANDLE engine = nullptr;
  if (const DWORD rc = FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, nullptr, &engine);
      rc != ERROR_SUCCESS) {
    inv.wfp_error = InventoryError{"FwpmEngineOpen0", ErrorDomain::windows, static_cast<int>(rc),
                                   "", rc == ERROR_ACCESS_DENIED};
    return;
  }
  const LayerName layers[] = {{&kConnectRedirectV4, "ALE_CONNECT_REDIRECT_V4"},
                              {&kConnectRedirectV6, "ALE_CONNECT_REDIRECT_V6"},
                              {&kBindRedirectV4, "ALE_BIND_REDIRECT_V4"},
                              {&kBindRedirectV6, "ALE_BIND_REDIRECT_V6"}};
  for (const LayerName& layer : layers) {
    FWPM_FILTER_ENUM_TEMPLATE0 tmpl{};
    tmpl.layerKey = *layer.key;
    tmpl.enumType = FWP_FILTER_ENUM_OVERLAPPING;
    tmpl.actionMask = 0xFFFFFFFF;
    HANDLE en = nullptr;
    if (const DWORD rc = FwpmFilterCreateEnumHandle0(engine, &tmpl, &en); rc != ERROR_SUCCESS) {
      inv.wfp_error =
          InventoryError{fmt::format("FwpmFilterCreateEnumHandle0 ({})", layer.name),
                         ErrorDomain::windows, static_cast<int>(rc), "", rc == ERROR_ACCESS_DENIED};
      break;
    }
    for (;;) {
      FWPM_FILTER0** filters = nullptr;
      UINT32 got = 0;
      const DWORD rc = FwpmFilterEnum0(engine, en, 256, &filters, &got);
      if (rc != ERROR_SUCCESS) {
        inv.wfp_error =
            InventoryError{fmt::format("FwpmFilterEnum0 ({})", layer.name), ErrorDomain::windows,
                           static_cast<int>(rc), "", rc == ERROR_ACCESS_DENIED};
        break;
      }
      for (UINT32 i = 0; i < got; ++i) {
        const FWPM_FILTER0& f = *filters[i];
        WfpFilter out;
        out.layer = layer.name;
        out.filter_id = f.filterId;
        out.name = win32::utf8(f.displayData.name);
        if (f.weight.type == FWP_UINT8)
          out.weight = std::to_string(f.weight.uint8);
        else if (f.weight.type == FWP_UINT64 && f.weight.uint64 != nullptr)
          out.weight = std::to_string(*f.weight.uint64);
        else
          out.weight = f.weight.type == FWP_EMPTY
                           ? "auto"
                           : fmt::format("type {}", static_cast<int>(f.weight.type));
        if (f.providerKey != nullptr) {
          out.provider_key = guid_text(*f.providerKey);
          FWPM_PROVIDER0* p = nullptr;
          if (const DWORD prc = FwpmProviderGetByKey0(engine, f.providerKey, &p);
              prc == ERROR_SUCCESS && p != nullptr) {
            out.provider_name = win32::utf8(p->displayData.name);
            FwpmFreeMemory0(reinterpret_cast<void**>(&p));
          } else {
            out.provider_name = trf("(provider lookup failed: error {})", prc);
          }
        }
        if (f.action.type == FWP_ACTION_CALLOUT_TERMINATING ||
            f.action.type == FWP_ACTION_CALLOUT_INSPECTION ||
            f.action.type == FWP_ACTION_CALLOUT_UNKNOWN) {
          FWPM_CALLOUT0* c = nullptr;
          GUID key = f.action.calloutKey;
          if (FwpmCalloutGetByKey0(engine, &key, &c) == ERROR_SUCCESS && c != nullptr) {
            out.callout_name = win32::utf8(c->displayData.name);
            FwpmFreeMemory0(reinterpret_cast<void**>(&c));
          } else {
            out.callout_name = guid_text(key);
          }
        }
        FWPM_SUBLAYER0* s = nullptr;
        GUID sub = f.subLayerKey;
        if (FwpmSubLayerGetByKey0(engine, &sub, &s) == ERROR_SUCCESS && s != nullptr) {
          out.sublayer_name = win32::utf8(s->displayData.name);
          FwpmFreeMemory0(reinterpret_cast<void**>(&s));
        } else {
          out.sublayer_name = guid_text(sub);
        }
        inv.wfp.push_back(std::move(out));
      }
      if (filters != nullptr) FwpmFreeMemory0(reinterpret_cast<void**>(&filters));
      if (got < 256) break;
    }
    FwpmFilterDestroyEnumHandle0(engine, en);
    if (inv.wfp_error) break;
  }
  FwpmEngineClose0(engine);
}

}  // namespace

Inventory take_inventory() {
  Inventory inv;
  read_winsock(inv);
  read_wfp(inv);
  return inv;
}

}  // namespace wfpredir
