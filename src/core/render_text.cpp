#include "core/render.h"
// PLACEHOLDER
namespace wfpredir {
std::string render_text(const ConnectionReport&, const TextStyle&) { return {}; }
std::string render_explanation_text(const Explanation&, Lang) { return {}; }
}
