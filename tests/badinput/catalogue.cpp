// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalogue.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sandbox.hpp"

namespace nemo::test {
namespace {
namespace fs = std::filesystem;

std::string bytes_of(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string put(const std::string &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string box(const std::string &type, const std::string &payload) {
  return be32(static_cast<std::uint32_t>(8 + payload.size())) + type + payload;
}

std::string garbage(std::size_t n) {
  std::string s(n, '\0');
  std::uint32_t x = 12345;
  for (char &c : s) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>(x >> 16);
  }
  return s;
}

BadInput files(std::vector<std::string> f) {
  BadInput in;
  in.files = std::move(f);
  return in;
}

BadInput prompt(std::string p) {
  BadInput in;
  in.prompt = std::move(p);
  return in;
}

std::uint32_t crc32(const std::string &bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const char c : bytes) {
    crc ^= static_cast<std::uint8_t>(c);
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// A PNG whose header (IHDR, with a correct CRC) claims width x height; noise
// stands where the compressed pixels would be.
std::string png_header(std::uint32_t w, std::uint32_t h) {
  const std::string ihdr = "IHDR" + be32(w) + be32(h) + std::string("\x08\x02\x00\x00\x00", 5);
  const std::string idat = "IDAT" + garbage(64);
  return std::string("\x89PNG\r\n\x1A\n", 8) + be32(13) + ihdr + be32(crc32(ihdr)) + be32(64) +
         idat + be32(crc32(idat));
}

// Writes into dir until the file system says it is full (ENOSPC).
void fill_up(const std::string &dir) {
  const int fd = ::open((dir + "/filler").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return;
  const std::string block(4096, 'x');
  while (::write(fd, block.data(), block.size()) > 0) {
  }
  while (::write(fd, block.data(), 1) > 0) {
  }
  ::close(fd);
}

// Replaces every occurrence of `from` with `to` (same length).
std::string patched(std::string s, const std::string &from, const std::string &to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

std::vector<BadKind> make_catalogue() {
  using P = BadPath;
  return {
      // --- refused by the client's file check, before any byte is sent -------------------
      {"MissingFile", "a path that does not exist", P::UploadLocal, "Error.FileMissing",
       [](const Media &, const std::string &d) { return files({d + "/gone.jpg"}); }},
      {"BrokenShortcut", "a symbolic link to a deleted file", P::UploadLocal,
       "Error.FileLinkBroken",
       [](const Media &, const std::string &d) {
         fs::create_symlink(d + "/deleted.jpg", d + "/link.jpg");
         return files({d + "/link.jpg"});
       }},
      {"SymlinkLoop", "a symbolic link that points to itself", P::UploadLocal,
       "Error.FileLinkBroken",
       [](const Media &, const std::string &d) {
         fs::create_symlink(d + "/loop.jpg", d + "/loop.jpg");
         return files({d + "/loop.jpg"});
       }},
      {"Directory", "a folder named holiday.jpg", P::UploadLocal, "Error.FileNotRegular",
       [](const Media &, const std::string &d) {
         fs::create_directory(d + "/holiday.jpg");
         return files({d + "/holiday.jpg"});
       }},
      {"NamedPipe", "a FIFO named clip.mp4 (nothing ever writes to it)", P::UploadLocal,
       "Error.FileNotRegular",
       [](const Media &, const std::string &d) {
         ::mkfifo((d + "/clip.mp4").c_str(), 0644);
         return files({d + "/clip.mp4"});
       }},
      {"UnreadableFile", "a real JPEG with mode 000", P::UploadLocal, "Error.FileUnreadable",
       [](const Media &m, const std::string &d) {
         BadInput in = files({put(d + "/private.jpg", bytes_of(m.jpg))});
         ::chmod(in.files[0].c_str(), 0);
         if (!sandbox().permissions_apply)
           in.skip = "running with permission override: " + sandbox().note;
         return in;
       }},
      {"EmptyFile", "0 bytes named photo.jpg", P::UploadLocal, "Error.FileEmpty",
       [](const Media &, const std::string &d) { return files({put(d + "/photo.jpg", "")}); }},
      {"Sparse2GB", "a 2 GB sparse file with an MP4 header, default 500 MB limit", P::UploadLocal,
       "Error.FileTooLarge",
       [](const Media &m, const std::string &d) {
         const std::string path = put(d + "/big.mp4", bytes_of(m.audio_only_mp4));
         fs::resize_file(path, 2ull << 30);
         return files({path});
       }},
      {"OverUploadLimitSetting", "a 300 KB JPEG with the upload limit set to 100 KB",
       P::UploadLocal, "Error.FileTooLarge",
       [](const Media &m, const std::string &d) {
         BadInput in = files({put(d + "/photo.jpg", bytes_of(m.jpg) + garbage(300 * 1024))});
         in.upload_limit = 100 * 1024;
         return in;
       }},
      {"TextNamedMp4", "a text file named clip.mp4", P::UploadLocal, "Error.UnsupportedFile",
       [](const Media &, const std::string &d) {
         return files({put(d + "/clip.mp4", "this is not a video\n")});
       }},
      {"ExtensionLiesPdfAsJpg", "a PDF named photo.jpg", P::UploadLocal, "Error.UnsupportedFile",
       [](const Media &, const std::string &d) {
         return files({put(d + "/photo.jpg", "%PDF-1.4\n" + garbage(2000))});
       }},
      {"TiffPhoto", "a TIFF picture (a format the service does not take)", P::UploadLocal,
       "Error.UnsupportedFile",
       [](const Media &, const std::string &d) {
         return files({put(d + "/scan.tif", std::string("II*\0", 4) + garbage(2000))});
       }},
      // --- uploaded; nemo-local's renderer inspects the content and refuses --------------
      {"CorruptJpeg", "JPEG start bytes followed by noise", P::UploadServer, "Error.FileDamaged",
       [](const Media &, const std::string &d) {
         return files({put(d + "/photo.jpg", std::string("\xFF\xD8\xFF\xE0", 4) + garbage(5000))});
       }},
      {"TruncatedPng", "a real PNG cut to a third of its length", P::UploadServer,
       "Error.FileDamaged",
       [](const Media &m, const std::string &d) {
         const std::string png = bytes_of(m.png);
         return files({put(d + "/photo.png", png.substr(0, png.size() / 3))});
       }},
      {"Png30000x30000", "a PNG header claiming 30000x30000 (no pixels follow)", P::UploadServer,
       "Error.ImageTooLarge",
       [](const Media &, const std::string &d) {
         return files({put(d + "/huge.png", png_header(30000, 30000))});
       }},
      {"GifBomb", "a GIF header claiming 65535x65535", P::UploadServer, "Error.ImageTooLarge",
       [](const Media &, const std::string &d) {
         const std::string gif = std::string("GIF89a\xFF\xFF\xFF\xFF\x00\x00\x00", 13) +
                                 std::string("\x2C\0\0\0\0\xFF\xFF\xFF\xFF\x00", 10) + garbage(200);
         return files({put(d + "/bomb.gif", gif)});
       }},
      {"HeicLyingAboutItsSize",
       "photo.heic: its 'ispe' box says 64x64, its picture is 8200x8000 (found by fuzzing)",
       P::UploadServer, "Error.ImageTooLarge",
       [](const Media &, const std::string &d) {
         return files(
             {put(d + "/photo.heic",
                  bytes_of(std::string(NEMO_FUZZ_REGRESSIONS) +
                           "/image_decode/heic_ispe_says_64x64_picture_is_8200x8000.heic"))});
       }},
      {"HeicWithoutImage", "an ISO box header of brand heic and nothing else", P::UploadServer,
       "Error.FileDamaged",
       [](const Media &, const std::string &d) {
         return files({put(d + "/photo.heic", box("ftyp", std::string("heic\0\0\0\0mif1heic", 16)) +
                                                  box("free", garbage(100)))});
       }},
      {"WavLyingHeader", "a RIFF/WAVE header followed by noise", P::UploadServer,
       "Error.FileDamaged",
       [](const Media &, const std::string &d) {
         return files({put(d + "/song.wav",
                           "RIFF" + std::string("\x24\x10\0\0", 4) + "WAVE" + garbage(4000))});
       }},
      {"Mp3LyingHeader", "an ID3 tag followed by noise", P::UploadServer, "Error.FileDamaged",
       [](const Media &, const std::string &d) {
         return files(
             {put(d + "/song.mp3", std::string("ID3\x03\0\0\0\0\0\0", 10) + garbage(4000))});
       }},
      {"Mp4WithoutMoov", "an MP4 of ftyp + mdat, the moov box missing", P::UploadServer,
       "Error.FileDamaged",
       [](const Media &, const std::string &d) {
         return files(
             {put(d + "/clip.mp4", box("ftyp", std::string("isom\0\0\x02\0isomiso2mp41", 20)) +
                                       box("mdat", garbage(20000)))});
       }},
      {"Mp4MemoryBomb",
       "clip.mp4: 1165 bytes whose fragment run claims 83,886,080 samples (found by fuzzing; "
       "FFmpeg 5.1 filled 2.7 GB for it)",
       P::UploadServer, "Error.FileDamaged",
       [](const Media &, const std::string &d) {
         return files({put(d + "/clip.mp4",
                           bytes_of(std::string(NEMO_FUZZ_REGRESSIONS) +
                                    "/mp4_probe/trun_declares_84M_samples_in_1165_bytes.mp4"))});
       }},
      {"AudioWithoutAudio", "song.m4a: an MP4 of brand M4A whose moov has no track",
       P::UploadServer, "Error.FileNoMedia",
       [](const Media &m, const std::string &d) {
         // The audio-only MP4 with its track box renamed: no stream is left.
         std::string s = patched(bytes_of(m.audio_only_mp4), "trak", "free");
         s = patched(s, "isom", "M4A ");
         return files({put(d + "/song.m4a", s)});
       }},
      {"UnsupportedCodec", "an AVI whose video codec tag is unknown (MJPG patched to ZZZZ)",
       P::UploadServer, "Error.UnsupportedCodec",
       [](const Media &m, const std::string &d) {
         return files({put(d + "/clip.avi", patched(bytes_of(m.mjpeg_avi), "MJPG", "ZZZZ"))});
       }},
      {"TooManyFiles", "21 photos in one upload (nemo-local takes 20)", P::UploadServer,
       "Error.TooManyFiles",
       [](const Media &m, const std::string &) {
         return files(std::vector<std::string>(21, m.jpg));
       }},
      // --- the prompt ------------------------------------------------------------------------
      {"InvalidUtf8Prompt", "a prompt with the bytes C3 28 and FF", P::Prompt,
       "Error.PromptNotUtf8",
       [](const Media &, const std::string &) {
         return prompt("make a video \xC3\x28 with \xFF music");
       }},
      {"OneMegabytePrompt", "a 1 MB prompt", P::Prompt, "Error.PromptTooLong",
       [](const Media &, const std::string &) { return prompt(std::string(1 << 20, 'a')); }},
      {"EmptyPrompt", "an empty prompt", P::Prompt, "Error.PromptEmpty",
       [](const Media &, const std::string &) { return prompt(""); }},
      {"WhitespacePrompt", "spaces, tabs, newlines and control characters only", P::Prompt,
       "Error.PromptEmpty",
       [](const Media &, const std::string &) { return prompt(" \t\r\n\x01\x7f  \n"); }},
      // --- the output folder ----------------------------------------------------------------
      {"ReadOnlyOutputFolder", "an existing output folder with mode 0555", P::Output,
       "Error.OutputNotWritable",
       [](const Media &, const std::string &d) {
         BadInput in;
         fs::create_directory(d + "/out");
         ::chmod((d + "/out").c_str(), 0555);
         in.output = d + "/out/clip.mp4";
         if (!sandbox().permissions_apply)
           in.skip = "running with permission override: " + sandbox().note;
         return in;
       }},
      {"FullDisk",
       "the output folder on a 64 KiB tmpfs filled to the last byte (private mount namespace)",
       P::Output, "Error.DiskFull",
       [](const Media &, const std::string &d) {
         BadInput in;
         const std::string name = fs::path(d).filename().string();
         if (sandbox().full_dir.empty()) {
           in.skip = "no tmpfs: " + sandbox().note;
           return in;
         }
         fs::create_directories(sandbox().full_dir + "/" + name);
         fill_up(sandbox().full_dir);
         in.output = sandbox().full_dir + "/" + name + "/clip.mp4";
         return in;
       }},
      {"DownloadWithoutVideo", "the server sends an MP4 with only an audio track", P::Probe,
       "Error.BadMedia",
       [](const Media &m, const std::string &d) {
         BadInput in = files({m.audio_only_mp4});
         in.output = d + "/out/clip.mp4";
         return in;
       }},
      // --- must work ---------------------------------------------------------------------------
      {"SpacesAndNonAsciiPaths",
       "photo at 'My Photos 照片/été 1.jpg', output 'Vidéos 输出/new folder/clip 视频.mp4' "
       "(the folder does not exist yet)",
       P::Output, "",
       [](const Media &m, const std::string &d) {
         fs::create_directories(d + "/My Photos 照片");
         BadInput in = files({put(d + "/My Photos 照片/été 1.jpg", bytes_of(m.jpg))});
         in.output = d + "/Vidéos 输出/new folder/clip 视频.mp4";
         return in;
       }},
      {"ExtensionLiesButContentIsFine", "a PNG named photo.jpg", P::UploadServer, "",
       [](const Media &m, const std::string &d) {
         return files({put(d + "/photo.jpg", bytes_of(m.png))});
       }},
      {"DuplicateFiles", "the same photo twice in one upload", P::UploadServer, "",
       [](const Media &m, const std::string &) {
         return files({m.jpg, m.jpg});
       }},
  };
}
}  // namespace

const std::vector<BadKind> &catalogue() {
  static const std::vector<BadKind> kinds = make_catalogue();
  return kinds;
}

const char *path_name(BadPath path) {
  switch (path) {
    case BadPath::UploadLocal:
      return "client file check";
    case BadPath::UploadServer:
      return "upload -> nemo-local inspect";
    case BadPath::Prompt:
      return "chat turn";
    case BadPath::Output:
      return "export -> download";
    case BadPath::Probe:
      return "download verifier";
  }
  return "?";
}

}  // namespace nemo::test
