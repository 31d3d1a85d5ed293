// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/clip_source_loader.hpp"

#include <filesystem>
#include <memory>
#include <utility>

#include "core/mp4_sample_counts.hpp"

extern "C" {
#include <libavformat/avformat.h>
}

namespace nemo::obs::clip {
namespace {

struct FormatCloser {
  void operator()(AVFormatContext *context) const { avformat_close_input(&context); }
};
using FormatContext = std::unique_ptr<AVFormatContext, FormatCloser>;

}  // namespace

std::string check_clip_file(const std::string &path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return "ClipSource.Error.NotFound";
  if (!fs::is_regular_file(st)) return "ClipSource.Error.NotAFile";
  if (fs::file_size(path, ec) == 0 || ec) return "ClipSource.Error.Empty";

  // A file whose tables declare more samples than it holds would make
  // libavformat allocate gigabytes here, in OBS's process.
  if (core::check_mp4_sample_counts(path)) return "ClipSource.Error.Unreadable";
  AVFormatContext *raw = nullptr;
  if (avformat_open_input(&raw, path.c_str(), nullptr, nullptr) != 0)
    return "ClipSource.Error.Unreadable";
  FormatContext context(raw);
  if (avformat_find_stream_info(context.get(), nullptr) < 0) return "ClipSource.Error.Unreadable";
  if (av_find_best_stream(context.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0) < 0)
    return "ClipSource.Error.NoVideo";
  return {};
}

ClipLoader::ClipLoader(Handler handler)
    : handler_(std::move(handler)), thread_([this] { run(); }) {}

ClipLoader::~ClipLoader() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    stopping_ = true;
    next_.reset();
  }
  wake_.notify_all();
  thread_.join();
}

void ClipLoader::post(LoadRequest request) {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    next_ = std::move(request);
  }
  wake_.notify_all();
}

void ClipLoader::run() {
  for (;;) {
    LoadRequest request;
    {
      std::unique_lock<std::mutex> guard(mutex_);
      wake_.wait(guard, [this] { return stopping_ || next_.has_value(); });
      if (stopping_) return;
      request = std::move(*next_);
      next_.reset();
    }
    const std::string error = request.path.empty() ? std::string() : check_clip_file(request.path);
    handler_(request, error);
  }
}

}  // namespace nemo::obs::clip
