#pragma once
/// \file render.h
/// Turns reports and catalog entries into text for people and JSON for
/// scripts. The only place that knows the output formats; README.md documents
/// the JSON fields.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "analysis/doctor.h"
#include "model/report.h"
#include "parse/decode.h"
#include "text/catalog.h"

namespace wfpredir {

struct TextStyle {
  bool colour = false;  ///< ANSI colour; the CLI decides (terminal, NO_COLOR)
  bool trace = false;   ///< print every CallRecord
  Lang lang = Lang::en;
  /// Every query as it ran, even the Windows control codes a Linux report
  /// skips (one line says so otherwise), and the original destination's bytes.
  bool verbose = false;
};

std::string render_text(const ConnectionReport& report, const TextStyle& style);
/// One JSON object (no trailing newline): on one line (JSON Lines), or
/// indented by two spaces when \p pretty.
std::string render_json(const ConnectionReport& report, Lang lang, const std::string& platform,
                        bool pretty = false);

/// \p compact (one JSON document) indented by two spaces, for `--pretty`:
/// every command writes its documents one per line, and indents only then.
std::string pretty_json(std::string_view compact);

std::string render_explanation_text(const Explanation& e, Lang lang);

/// Pieces every text report shares, so that a call or an error reads the same
/// in `query`, `query --udp`, `relay` and `doctor`:
/// "error 10045 WSAEOPNOTSUPP", or "error 10045" for a code without a name.
std::string error_label(int code, std::string_view name, Lang lang);
/// error_label with the catalog's name of \p code in \p domain.
std::string error_label(ErrorDomain domain, int code, Lang lang);
/// A number with its symbolic name where it has one, as the detail lines of
/// `connections` and `query --udp` show a level, a type or an errno:
/// "ENOENT (2)", "SOL_IP (0)", or "7" for a number without a name.
std::string named_number(std::string_view name, int number);
/// One call as it returned: "WSAIoctl(0x980000DC, size 1024) = -1, error
/// 10045, bytes 0, 0.291 ms [note]".
std::string call_line(const CallRecord& c, Lang lang);
/// Each line of \p block with \p pad in front of it.
std::string indent(const std::string& block, std::string_view pad);
std::string render_catalog_json(std::span<const Explanation> entries);

/// `dump --format json`, streamed: returns the document up to and including
/// the opening quote of the `hex` string, and sets \p tail to the rest (from
/// its closing quote). The caller writes the digits (hex_string, append_hex)
/// in between, in as many chunks as it likes: \p size bytes' worth.
std::string render_dump_json_envelope(std::string_view file, std::uint64_t size, std::string& tail,
                                      bool pretty = false);

/// The decodings of one blob as text lines, each starting with \p pad: the
/// records' fingerprint, or each layout that fits ("no known layout").
std::string render_decodings_text(QueryKind kind, std::span<const std::uint8_t> data,
                                  const std::vector<Decoding>& decodings, std::string_view pad);
/// `dump --decode`: the decoders for a blob of \p kind (every one when the
/// kind is unknown), as text to print after the hex dump.
std::string render_dump_decoded_text(BlobKind kind, std::span<const std::uint8_t> data);
/// `dump --decode --format json`: file, size, hex, kind, fingerprint, decoded.
std::string render_dump_decoded_json(std::string_view file, BlobKind kind,
                                     std::span<const std::uint8_t> data);

/// `doctor` as text: the system, the capabilities (with \p verbose, the
/// loopback connection's whole report, render_text), the rules, the
/// findings (a TPROXY rule without its route first), and it ends with its
/// own verdict and next steps.
std::string render_doctor_text(const DoctorReport& d, Lang lang, bool colour, bool verbose = false);
/// `doctor --format json`, on one line; `loopback` is the
/// connection's report object (as render_json writes it), or null.
std::string render_doctor_json(const DoctorReport& d, Lang lang, const std::string& platform);

}  // namespace wfpredir
