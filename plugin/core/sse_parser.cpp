// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/sse_parser.hpp"

#include <cstring>
#include <utility>

namespace nemo::core {
namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The position of the first CR or LF in s at or after pos, or npos.
std::size_t find_eol(std::string_view s, std::size_t pos) {
  for (std::size_t i = pos; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\n' || c == '\r') return i;
  }
  return std::string_view::npos;
}
}  // namespace

SseParser::SseParser(Handler on_event) : SseParser(std::move(on_event), kDefaultMaxLineBytes) {}

SseParser::SseParser(Handler on_event, std::size_t max_line_bytes)
    : on_event_(std::move(on_event)), max_line_bytes_(max_line_bytes == 0 ? 1 : max_line_bytes) {}

void SseParser::reset() {
  line_.clear();
  bom_probe_.clear();
  bom_done_ = false;
  skip_lf_ = false;
  overflow_ = false;
  saw_comment_ = false;
  data_.clear();
  event_.clear();
  has_data_ = false;
  has_event_ = false;
}

void SseParser::feed(std::string_view bytes) {
  if (!bom_done_) {
    // Hold back the first bytes while they are still a prefix of the BOM.
    while (!bytes.empty() && bom_probe_.size() < kBom.size() &&
           bytes.front() == kBom[bom_probe_.size()]) {
      bom_probe_.push_back(bytes.front());
      bytes.remove_prefix(1);
    }
    if (bom_probe_.size() == kBom.size()) {
      bom_done_ = true;  // a whole BOM: drop it
      bom_probe_.clear();
    } else if (bytes.empty()) {
      return;  // still undecided
    } else {
      bom_done_ = true;  // not a BOM after all: the held bytes are content
      std::string held;
      held.swap(bom_probe_);
      consume(held);
    }
  }
  consume(bytes);
}

void SseParser::consume(std::string_view bytes) {
  std::size_t pos = 0;
  if (skip_lf_ && !bytes.empty()) {
    skip_lf_ = false;
    if (bytes.front() == '\n') pos = 1;
  }
  while (pos < bytes.size()) {
    const std::size_t eol = find_eol(bytes, pos);
    if (eol == std::string_view::npos) {
      // No line end in this chunk: keep the rest for the next one, within the cap.
      const std::string_view rest = bytes.substr(pos);
      if (!overflow_) {
        if (line_.size() + rest.size() > max_line_bytes_) {
          overflow_ = true;
          line_.clear();
          line_.shrink_to_fit();
        } else {
          line_.append(rest);
        }
      }
      return;
    }
    const std::string_view piece = bytes.substr(pos, eol - pos);
    if (overflow_) {
      overflow_ = false;
      ++dropped_lines_;
    } else if (line_.empty()) {
      if (piece.size() > max_line_bytes_)
        ++dropped_lines_;
      else
        process_line(piece);
    } else {
      if (line_.size() + piece.size() > max_line_bytes_) {
        ++dropped_lines_;
      } else {
        line_.append(piece);
        process_line(line_);
      }
      line_.clear();
    }
    pos = eol + 1;
    if (bytes[eol] == '\r') {
      if (pos < bytes.size()) {
        if (bytes[pos] == '\n') ++pos;
      } else {
        skip_lf_ = true;  // the LF of this CRLF may start the next chunk
      }
    }
  }
}

void SseParser::process_line(std::string_view line) {
  if (line.empty()) {
    dispatch();
    return;
  }
  if (line.front() == ':') {
    saw_comment_ = true;
    return;
  }
  std::string_view field = line;
  std::string_view value;
  if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    field = line.substr(0, colon);
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    // The joined data of one event is capped like a line.
    if (data_.size() + value.size() + 1 > max_line_bytes_) {
      ++dropped_lines_;
      return;
    }
    if (has_data_) data_.push_back('\n');
    data_.append(value);
    has_data_ = true;
  } else if (field == "event") {
    event_.assign(value);
    has_event_ = true;
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) last_id_.assign(value);
  }
  // "retry" and unknown fields are ignored, as the standard says.
}

void SseParser::dispatch() {
  if (!has_data_ && !has_event_) return;
  SseEvent ev{std::move(event_), std::move(data_), last_id_};
  event_.clear();
  data_.clear();
  has_data_ = false;
  has_event_ = false;
  ++events_;
  if (on_event_) on_event_(ev);
}

void SseParser::finish() {
  if (!bom_done_ && !bom_probe_.empty()) {
    bom_done_ = true;
    std::string held;
    held.swap(bom_probe_);
    consume(held);
  }
  if (overflow_) {
    overflow_ = false;
    ++dropped_lines_;
  } else if (!line_.empty()) {
    std::string last;
    last.swap(line_);
    process_line(last);
  }
  skip_lf_ = false;
  dispatch();
}

bool SseParser::saw_comment_since_last_check() {
  return std::exchange(saw_comment_, false);
}

}  // namespace nemo::core
