#include "core/render.h"
// PLACEHOLDER
namespace wfpredir {
std::string render_json(const ConnectionReport&, Lang, const std::string&) { return "{}"; }
std::string render_catalog_json(std::span<const Explanation>) { return "[]"; }
std::string render_dump_json(const std::string&, std::span<const std::uint8_t>) { return "{}"; }
}
