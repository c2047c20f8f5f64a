// Every command's JSON goes out the same way: one document per line, so that
// a reader parses one line at a time whatever the count; --pretty indents.
#include "cli/commands.h"
#include "render/render.h"

namespace wfpredir::cli {

std::string json_document(std::string compact, const Common& c) {
  std::string out = c.pretty ? pretty_json(compact) : std::move(compact);
  out += '\n';
  return out;
}

}  // namespace wfpredir::cli
