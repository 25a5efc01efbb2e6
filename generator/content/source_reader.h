// Reads source files: UTF-8 validation (with the byte offset of a fault), BOM and CRLF
// removal, NFC. The only place content bytes come from disk.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "diag/diagnostic.h"

namespace ttdn::content {

/// Returns the normalised text of `path`, or nullopt after reporting why it cannot be used.
/// `file` names it in diagnostics (relative to the site folder).
std::optional<std::string> read_source(const std::filesystem::path& path, const std::string& file,
                                       diag::Diagnostics& diags);

/// The same checks on bytes already in memory.
std::optional<std::string> normalise_source(std::string bytes, const std::string& file,
                                            diag::Diagnostics& diags);

}  // namespace ttdn::content
