// Network benchmarks of core over loopback through the fake server. Prints
// figures; asserts nothing.
//  1. Upload of a large file (default 500 MB, env NEMO_BENCH_MB): the client
//     process's peak RSS growth (goal <= 32 MB).
//  2. Download of a large file: the same figure.
//  3. The time from the server marking a render completed to the file
//     downloaded, probed and delivered (goal <= 1.5 s plus transfer time),
//     with the default poll schedule, for renders that take 1, 3 and 8 s.
// Peak RSS is read from /proc/self/status (VmHWM) after resetting it through
// /proc/self/clear_refs; the fake server runs in the same process, so its
// memory counts too (an upper bound for the client).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "core/api_client.hpp"
#include "core/download.hpp"
#include "core/mp4_probe.hpp"
#include "fake_server.hpp"
#include "itest_support.hpp"

namespace {
using nemo::core::ApiClient;
using nemo::core::Config;
using nemo::test::FakeServer;
using nemo::test::Reply;
using Clock = std::chrono::steady_clock;

long status_kb(const char *field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string key = std::string(field) + ":";
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::atol(line.c_str() + key.size());
  return -1;
}

void reset_peak() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
}

double seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

Config default_config(const FakeServer &server, const std::string &dir) {
  Config c;
  c.base_url = server.base_url();
  c.data_dir = dir;
  return c;  // the documented timings
}

void bench_upload(std::uint64_t mb) {
  FakeServer server;
  nemo::test::TempDir dir;
  const std::string path = dir.file("big.png");
  {
    std::ofstream out(path, std::ios::binary);
    std::string block(1 << 20, 'x');
    const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0", 29);
    block.replace(0, png.size(), png);
    for (std::uint64_t i = 0; i < mb; ++i) {
      out.write(block.data(), static_cast<std::streamsize>(block.size()));
      if (i == 0) block.replace(0, png.size(), std::string(png.size(), 'x'));
    }
  }
  auto cfg = default_config(server, dir.path());
  cfg.upload_limit = (mb + 1) << 20;
  ApiClient api(cfg);
  if (api.ensure_session()) {
    std::printf("upload: no session\n");
    return;
  }
  reset_peak();
  const long before = status_kb("VmRSS");
  const auto t0 = Clock::now();
  nemo::core::UploadResult result;
  const auto err = api.upload_files({path}, result);
  const auto took = seconds(Clock::now() - t0);
  const long peak = status_kb("VmHWM");
  const auto sent = server.requests("POST", "/api/upload-video/.*");
  std::printf(
      "upload %llu MB: %s, %.2f s (%.0f MB/s), received %llu bytes, peak RSS growth %.1f MB (goal "
      "<= 32)\n",
      static_cast<unsigned long long>(mb), err ? err.detail.c_str() : "ok", took,
      static_cast<double>(mb) / took,
      static_cast<unsigned long long>(
          sent.empty() || sent[0].parts.empty() ? 0 : sent[0].parts[0].size),
      static_cast<double>(peak - before) / 1024.0);
}

void bench_download(std::uint64_t mb) {
  FakeServer server;
  nemo::test::TempDir dir;
  Reply big;
  big.content_type = "video/mp4";
  big.generated = mb << 20;
  server.script("GET", "/files/big.mp4", {big});
  auto cfg = default_config(server, dir.path());
  ApiClient api(cfg);
  if (api.ensure_token()) return;
  reset_peak();
  const long before = status_kb("VmRSS");
  const auto t0 = Clock::now();
  nemo::core::DownloadResult result;
  const auto err =
      api.download("", server.base_url() + "/files/big.mp4", dir.file("big.mp4"), &result);
  const auto took = seconds(Clock::now() - t0);
  const long peak = status_kb("VmHWM");
  std::printf(
      "download %llu MB: %s, %.2f s (%.0f MB/s), %llu bytes, peak RSS growth %.1f MB (goal <= "
      "32)\n",
      static_cast<unsigned long long>(mb), err ? err.detail.c_str() : "ok", took,
      static_cast<double>(mb) / took, static_cast<unsigned long long>(result.bytes),
      static_cast<double>(peak - before) / 1024.0);
}

void bench_completion_latency(const std::string &mp4, double render_s) {
  FakeServer server;
  nemo::test::TempDir dir;
  auto bytes = std::make_shared<const std::string>(nemo::test::read_file(mp4));
  const auto start = Clock::now();
  const auto done_at = start + std::chrono::milliseconds(static_cast<long>(render_s * 1000));
  server.on("GET", "/api/render/proxy/lambda/[^/]+", [&](const nemo::test::RecordedRequest &, int) {
    const auto now = Clock::now();
    if (now < done_at)  // progress grows linearly, as a real render's does
      return Reply::success(
          {{"status", "processing"},
           {"progress", static_cast<int>(100 * seconds(now - start) / render_s)}});
    return Reply::success({{"status", "completed"},
                           {"progress", 100},
                           {"outputUrl", server.base_url() + "/files/out.mp4"}});
  });
  server.script("GET", "/files/out.mp4", {Reply::file(bytes)});
  ApiClient api(default_config(server, dir.path()));
  nemo::core::RenderStatus status;
  auto err = api.wait_render("render_bench", status);
  if (!err)
    err = api.download("render_bench", status.output_url, dir.file("out.mp4"), nullptr, {},
                       nemo::core::mp4_verifier());
  const auto delivered = Clock::now();
  std::printf(
      "render done after %.0f s: completed -> probed and delivered in %.2f s (%s, %zu bytes; goal "
      "<= 1.5 s + transfer)\n",
      render_s, seconds(delivered - done_at), err ? err.detail.c_str() : "ok", bytes->size());
}

}  // namespace

int main() {
  const char *env = std::getenv("NEMO_BENCH_MB");
  const std::uint64_t mb = env ? std::strtoull(env, nullptr, 10) : 500;
  bench_upload(mb);
  bench_download(mb);

  nemo::test::TempDir media;
  const std::string mp4 = media.file("clip.mp4");
  const std::string cmd =
      "ffmpeg -v error -y -f lavfi -i testsrc=d=2:s=640x360:r=30 -pix_fmt yuv420p -c:v libx264 '" +
      mp4 + "' </dev/null";
  if (std::system(cmd.c_str()) != 0 || !std::filesystem::exists(mp4)) {
    std::printf("completion latency: skipped (ffmpeg could not make a test MP4)\n");
    return 0;
  }
  for (double s : {1.0, 3.0, 8.0}) bench_completion_latency(mp4, s);
  return 0;
}
