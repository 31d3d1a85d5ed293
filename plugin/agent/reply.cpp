// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/reply.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "agent/text.hpp"
#include "protocol/draft.hpp"
#include "protocol/looks.hpp"

namespace nemo::agent {
namespace {

using nlohmann::json;

std::string pct(double v) {
  return std::to_string(std::lround(v * 100.0)) + "%";
}

std::string join_en(const std::vector<std::string> &parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += (i + 1 == parts.size()) ? (parts.size() > 2 ? ", and " : " and ") : ", ";
    out += parts[i];
  }
  return out;
}
std::string join_zh(const std::vector<std::string> &parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i > 0 ? "，" : "") + parts[i];
  return out;
}

std::string quote_en(const std::string &s) {
  return "\u201C" + s + "\u201D";
}

// A look's name as a reply says it ("wipe left", "向左擦除"); the styles and
// "random" too.
std::string transition_name(const std::string &type, bool zh) {
  struct Row {
    const char *type, *en, *zh;
  };
  static const Row rows[] = {{"fade", "fade", "淡入淡出"},
                             {"fadeblack", "fade-through-black", "黑场过渡"},
                             {"fadewhite", "fade-through-white", "闪白"},
                             {"dissolve", "dissolve", "叠化"},
                             {"pixelize", "pixelize", "像素化"},
                             {"zoomin", "zoom", "缩放"},
                             {"wipeleft", "wipe-left", "向左擦除"},
                             {"wiperight", "wipe-right", "向右擦除"},
                             {"wipeup", "wipe-up", "向上擦除"},
                             {"wipedown", "wipe-down", "向下擦除"},
                             {"smoothleft", "soft wipe-left", "向左柔和擦除"},
                             {"smoothright", "soft wipe-right", "向右柔和擦除"},
                             {"smoothup", "soft wipe-up", "向上柔和擦除"},
                             {"smoothdown", "soft wipe-down", "向下柔和擦除"},
                             {"slideleft", "slide-left", "向左滑动"},
                             {"slideright", "slide-right", "向右滑动"},
                             {"slideup", "slide-up", "向上滑动"},
                             {"slidedown", "slide-down", "向下滑动"},
                             {"coverleft", "cover-left", "向左覆盖"},
                             {"coverright", "cover-right", "向右覆盖"},
                             {"revealleft", "reveal-left", "向左揭开"},
                             {"revealright", "reveal-right", "向右揭开"},
                             {"circleopen", "circle-open", "圆形展开"},
                             {"circleclose", "circle-close", "圆形收拢"},
                             {"horzopen", "barn-door-open", "横向对开"},
                             {"horzclose", "barn-door-close", "横向合拢"},
                             {"vertopen", "vertical-open", "纵向对开"},
                             {"vertclose", "vertical-close", "纵向合拢"},
                             {"diagtl", "diagonal", "对角擦除"},
                             {"diagtr", "diagonal", "对角擦除"},
                             {"diagbl", "diagonal", "对角擦除"},
                             {"diagbr", "diagonal", "对角擦除"},
                             {"radial", "radial (clock) wipe", "时钟擦除"},
                             {"blinds", "blinds", "百叶窗"},
                             {"checker", "checkerboard", "棋盘格"},
                             {"clouds", "clouds (luma) wipe", "云雾"},
                             {"random", "random", "随机"},
                             {"smooth", "smooth", "流畅"},
                             {"dynamic", "dynamic", "动感"},
                             {"cinematic", "cinematic", "电影感"}};
  for (const Row &row : rows) {
    if (type == row.type) return zh ? row.zh : row.en;
  }
  return zh ? "无" : type;
}

// The transitions as a reply names them: "wipe-left", or for random and a
// style the looks the cuts got: "cinematic (fade-through-black, dissolve)".
std::string transitions_phrase(const BuildOutcome &o, bool zh) {
  const std::string &choice = o.plan.transition;
  if (choice != "random" && choice != "smooth" && choice != "dynamic" && choice != "cinematic")
    return transition_name(choice, zh);
  std::vector<std::string> used;
  const json &tracks = o.layout.draft.contains("t") ? o.layout.draft["t"] : json::array();
  for (const auto &track : tracks) {
    if (!track.contains("sg") || track.value("tt", -1) != protocol::kTrackVideo) continue;
    for (const auto &seg : track["sg"]) {
      if (!seg.contains("tr") || !seg["tr"].contains("type") || !seg["tr"]["type"].is_string())
        continue;
      const std::string name = transition_name(seg["tr"]["type"].get<std::string>(), zh);
      if (std::find(used.begin(), used.end(), name) == used.end() && used.size() < 4)
        used.push_back(name);
    }
  }
  const std::string head = transition_name(choice, zh);
  if (used.empty()) return head;
  std::string list;
  for (const auto &u : used) list += (list.empty() ? "" : (zh ? "、" : ", ")) + u;
  return zh ? head + "（" + list + "）" : head + " (" + list + ")";
}

std::string motion_name(const std::string &type, bool zh) {
  struct Row {
    const char *type, *en, *zh;
  };
  static const Row rows[] = {{"kenburns", "Ken Burns", "肯·伯恩斯（缓推缓移）"},
                             {"zoom_in", "zoom-in", "推近"},
                             {"zoom_out", "zoom-out", "拉远"},
                             {"pan_left", "pan to the left", "向左平移"},
                             {"pan_right", "pan to the right", "向右平移"},
                             {"pan_up", "pan upwards", "向上平移"},
                             {"pan_down", "pan downwards", "向下平移"},
                             {"drift", "slow drift", "缓慢漂移"},
                             {"none", "no motion", "静止"}};
  for (const Row &row : rows) {
    if (type == row.type) return zh ? row.zh : row.en;
  }
  return zh ? "镜头运动" : "camera motion";
}

// A background as its colour's name, or its "#rrggbb".
std::string background_name(const std::string &hex, bool zh) {
  struct Row {
    const char *en, *zh;
  };
  static const Row rows[] = {{"black", "黑色"}, {"white", "白色"},  {"grey", "灰色"},
                             {"red", "红色"},   {"orange", "橙色"}, {"yellow", "黄色"},
                             {"green", "绿色"}, {"blue", "蓝色"},   {"purple", "紫色"},
                             {"pink", "粉色"}};
  for (const Row &row : rows) {
    if (protocol::canonical_background(row.en) == hex) return zh ? row.zh : row.en;
  }
  return hex;
}

std::string fit_name(const std::string &fit, const std::string &background, bool zh) {
  if (fit == "crop") return zh ? "裁剪铺满" : "crop to fill";
  if (fit == "pad" && background != protocol::kDefaultBackground)
    return zh ? "完整显示（" + background_name(background, true) + "边）"
              : "fit with " + background_name(background, false) + " bars";
  if (fit == "pad") return zh ? "完整显示（黑边）" : "fit with black bars";
  if (fit == "blur") return zh ? "完整显示（模糊背景）" : "fit over a blurred background";
  return zh ? "自动" : "automatic";
}

struct Counts {
  std::size_t photos = 0, clips = 0, clips_with_sound = 0;
};
Counts count(const Plan &p) {
  Counts c;
  for (const auto &v : p.visuals) {
    if (v.kind == "video") {
      ++c.clips;
      if (v.has_audio) ++c.clips_with_sound;
    } else {
      ++c.photos;
    }
  }
  return c;
}

std::string items_en(const Counts &c) {
  const auto n = [](std::size_t k, const char *one, const char *many) {
    return k == 1 ? std::string("your ") + one : "your " + std::to_string(k) + " " + many;
  };
  if (c.clips == 0) return n(c.photos, "photo", "photos");
  if (c.photos == 0) return n(c.clips, "clip", "clips");
  return n(c.photos, "photo", "photos") + " and " + std::to_string(c.clips) +
         (c.clips == 1 ? " clip" : " clips");
}
std::string items_zh(const Counts &c) {
  std::string out;
  if (c.photos > 0) out += std::to_string(c.photos) + "张照片";
  if (c.clips > 0) out += (out.empty() ? "" : "和") + std::to_string(c.clips) + "段视频";
  return out;
}

std::string ratio_note(int w, int h) {
  const std::string label = aspect_label(w, h);
  const int short_side = std::min(w, h);
  if (label.find('x') != std::string::npos) return label;
  return short_side == 1080 ? label : label + " " + std::to_string(short_side) + "p";
}

// --- sentences ----------------------------------------------------------------

// "on the beat of the music (121 BPM)": the cuts the layout put on a beat, ""
// when none (no music, no steady beat, beat off).
std::string beat_phrase(const BuildOutcome &o, bool zh) {
  const Plan &p = o.plan;
  if (!p.music || o.layout.cuts_on_beat == 0) return {};
  const std::string bpm = std::to_string(std::lround(p.music->beats.bpm)) + " BPM";
  const bool all = o.layout.cuts_on_beat == o.layout.cuts;
  if (zh) return std::string(all ? "卡点剪辑" : "大部分切换卡在节拍上") + "（" + bpm + "）";
  return std::string(all ? "every cut" : "most cuts") + " on the beat of the music (" + bpm + ")";
}

std::string created_sentence(const BuildOutcome &o, bool zh) {
  const Plan &p = o.plan;
  const Counts c = count(p);
  const std::string secs = text::seconds(o.layout.duration_ms);
  const bool single = p.visuals.size() == 1;
  const bool animated_single = single && c.photos == 1 && p.motion != "none";
  const std::string format = ratio_note(p.width, p.height);
  std::vector<std::string> extras;
  const bool transitions =
      p.visuals.size() > 1 && p.transition != "none" && o.layout.transition_ms > 0;
  // The motion the pictures got.
  std::string motion;
  if (c.photos > 0 && p.motion != "none") {
    if (animated_single) {
      const std::string type =
          (p.motion == "auto" || p.motion == "animate") ? "kenburns" : p.motion;
      motion =
          zh ? "全程连续的" + motion_name(type, true) + "镜头运动"
             : "a continuous " + motion_name(type, false) + " camera move over its whole length";
    } else if (p.motion == "auto") {
      motion = zh ? "轻柔的镜头推移" : "gentle Ken Burns motion";
    } else if (p.motion == "animate") {
      motion = zh ? "镜头推移动画" : "Ken Burns motion on every photo";
    } else {
      motion =
          zh ? motion_name(p.motion, true) + "镜头运动" : motion_name(p.motion, false) + " motion";
    }
  }
  if (zh) {
    if (transitions) extras.push_back(transitions_phrase(o, true) + "转场");
    if (!motion.empty()) extras.push_back(motion);
    if (p.title) extras.push_back("标题“" + *p.title + "”");
    if (!p.captions.empty()) extras.push_back(std::to_string(p.captions.size()) + "条定时字幕");
    if (p.music) {
      extras.push_back("背景音乐（" + p.music->name + "）音量" + pct(p.music->volume) +
                       (p.music->fade_out_ms > 0 ? "，结尾淡出" : ""));
    }
    if (const std::string beat = beat_phrase(o, true); !beat.empty()) extras.push_back(beat);
    const std::string what = animated_single ? "动态视频" : (c.clips == 0 ? "幻灯片视频" : "视频");
    std::string s = "我用你的" + items_zh(c) + "做了一个" + secs + "秒的" + format + what;
    if (!extras.empty()) s += "，带" + join_zh(extras);
    return s + "。";
  }
  if (transitions) extras.push_back(transitions_phrase(o, false) + " transitions");
  if (!motion.empty()) extras.push_back(motion);
  if (p.title) extras.push_back("the title " + quote_en(*p.title));
  if (!p.captions.empty()) {
    extras.push_back(std::to_string(p.captions.size()) +
                     (p.captions.size() == 1 ? " timed caption" : " timed captions"));
  }
  if (p.music) {
    extras.push_back("your music (" + p.music->name + ") at " + pct(p.music->volume) +
                     (p.music->fade_out_ms > 0 ? ", fading out at the end" : ""));
  }
  if (const std::string beat = beat_phrase(o, false); !beat.empty()) extras.push_back(beat);
  const std::string what =
      animated_single ? "animated clip" : (c.clips == 0 ? "slideshow" : "video");
  std::string s = "I made a " + secs + "-second " + format + " " + what + " of " + items_en(c);
  if (!extras.empty()) s += " with " + join_en(extras);
  return s + ".";
}

std::string change_phrase(const Change &ch, const BuildOutcome &o, bool zh) {
  const Plan &p = o.plan;
  const json &a = ch.args;
  const auto ms = [&](const char *key) {
    return a.contains(key) && a[key].is_number() ? a[key].get<std::int64_t>() : 0;
  };
  const auto vol = [&]() {
    return a.contains("volume") && a["volume"].is_number() ? a["volume"].get<double>() : 0.0;
  };
  const std::string &c = ch.code;
  if (c == "duration")
    return zh ? "时长改为" + text::seconds(ms("ms")) + "秒"
              : "made it " + text::seconds(ms("ms")) + " seconds long";
  if (c == "aspect") {
    const std::string size = std::to_string(p.width) + "x" + std::to_string(p.height);
    return zh ? "画面改为" + aspect_label(p.width, p.height) + "（" + size + "）"
              : "changed the format to " + aspect_label(p.width, p.height) + " (" + size + ")";
  }
  if (c == "fps")
    return zh ? "帧率改为" + std::to_string(p.fps)
              : "set the frame rate to " + std::to_string(p.fps) + " fps";
  if (c == "pace") {
    if (zh) return p.pace == "slow" ? "节奏放慢" : p.pace == "fast" ? "节奏加快" : "节奏恢复正常";
    return p.pace == "slow"   ? "slowed the pace down"
           : p.pace == "fast" ? "made the pace faster"
                              : "set a normal pace";
  }
  if (c == "per_item")
    return zh ? "每张" + text::seconds(ms("ms")) + "秒"
              : "gave each picture " + text::seconds(ms("ms")) + " seconds";
  if (c == "transition") {
    if (p.transition == "none") return zh ? "去掉了转场" : "removed the transitions";
    return zh ? "转场改为" + transitions_phrase(o, true)
              : "switched to " + transitions_phrase(o, false) + " transitions";
  }
  if (c == "transition_ms") {
    return zh ? "转场时长" + text::seconds(o.layout.transition_ms) + "秒"
              : "set the transitions to " + text::seconds(o.layout.transition_ms) + " s";
  }
  if (c == "motion") {
    if (p.motion == "none") return zh ? "去掉了镜头运动" : "removed the motion";
    if (p.motion == "auto" || p.motion == "animate")
      return zh ? "让画面动起来" : "animated the pictures";
    return zh ? "镜头运动改为" + motion_name(p.motion, true)
              : "set the motion to " + motion_name(p.motion, false);
  }
  if (c == "motion_strength") {
    const bool subtle = p.motion_strength < 1.0;
    return zh ? (subtle ? "镜头运动更轻柔" : "镜头运动更明显")
              : (subtle ? "made the motion subtler" : "made the motion stronger");
  }
  if (c == "fit")
    return zh ? "画面适配改为" + fit_name(p.fit, p.background, true)
              : "set the pictures to " + fit_name(p.fit, p.background, false);
  if (c == "background")
    return zh ? "背景改为" + background_name(p.background, true)
              : "set the background to " + background_name(p.background, false);
  if (c == "add_title")
    return zh ? "加上了标题“" + p.title.value_or("") + "”"
              : "added the title " + quote_en(p.title.value_or(""));
  if (c == "change_title")
    return zh ? "标题改为“" + p.title.value_or("") + "”"
              : "changed the title to " + quote_en(p.title.value_or(""));
  if (c == "remove_title") return zh ? "去掉了标题" : "removed the title";
  if (c == "add_captions") {
    return zh ? "加上了" + std::to_string(p.captions.size()) + "条字幕"
              : "added " + std::to_string(p.captions.size()) +
                    (p.captions.size() == 1 ? " caption" : " captions") + " timed across the video";
  }
  if (c == "remove_captions") return zh ? "去掉了字幕" : "removed the captions";
  if (c == "add_music") {
    const std::string v = p.music ? pct(p.music->volume) : "";
    const std::string name = p.music ? p.music->name : "";
    return zh ? "加上了背景音乐（" + name + "），音量" + v
              : "added your music (" + name + ") at " + v;
  }
  if (c == "remove_music") return zh ? "去掉了音乐" : "removed the music";
  if (c == "music_volume")
    return zh ? "音乐音量改为" + pct(vol()) : "set the music to " + pct(vol());
  if (c == "music_fade_in") {
    return zh ? "音乐淡入" + text::seconds(ms("ms")) + "秒"
              : "made the music fade in over " + text::seconds(ms("ms")) + " s";
  }
  if (c == "music_fade_out") {
    return zh ? "音乐结尾淡出" + text::seconds(ms("ms")) + "秒"
              : "made the music fade out over " + text::seconds(ms("ms")) + " s";
  }
  if (c == "clip_volume")
    return zh ? "视频原声音量改为" + pct(vol()) : "set the clips' own sound to " + pct(vol());
  if (c == "beat") {
    if (p.beat == "off")
      return zh ? "切换改为均匀分布，不再卡点" : "spaced the cuts evenly instead of on the beat";
    if (const std::string beat = beat_phrase(o, zh); !beat.empty())
      return zh ? "改为" + beat : "put " + beat;
    if (!p.music)
      return zh ? "加上音乐后切换会卡在节拍上"
                : "will put the cuts on the beat once there is music";
    return zh ? "这段音乐没有稳定的节拍，切换保持均匀"
              : "kept the cuts evenly spaced: the music has no steady beat to cut on";
  }
  if (c == "fit_music") {
    if (!p.music || !p.fit_music || p.music->source_ms <= 0)
      return zh ? "加上音乐后视频会和音乐一样长"
                : "will make it as long as the music once there is some";
    return zh ? "时长改为和音乐一样长（" + text::seconds(o.layout.duration_ms) + "秒）"
              : "made it as long as the music (" + text::seconds(o.layout.duration_ms) + " s)";
  }
  if (c == "add_media") {
    const auto k = ms("count");
    return zh ? "加入了" + std::to_string(k) + "个新素材"
              : "added " + std::to_string(k) + (k == 1 ? " new file" : " new files");
  }
  return c;
}

std::vector<std::string> notes(const BuildOutcome &o, bool zh) {
  std::vector<std::string> out;
  const Plan &p = o.plan;
  if (o.layout.extended) {
    out.push_back(zh ? std::to_string(p.visuals.size()) +
                           "个画面每个至少需要1秒，所以视频延长到了" +
                           text::seconds(o.layout.duration_ms) + "秒。"
                     : std::to_string(p.visuals.size()) +
                           " pictures need at least a second each, so the video is " +
                           text::seconds(o.layout.duration_ms) + " seconds long.");
  } else if (o.layout.transitions_shortened) {
    out.push_back(zh ? "为了放下所有画面，转场缩短到了" + text::seconds(o.layout.transition_ms) +
                           "秒。"
                     : "I shortened the transitions to " + text::seconds(o.layout.transition_ms) +
                           " s so every picture still shows for at least a second.");
  }
  // A new video asked to cut on the beat that could not (an edit says it in its change).
  const bool beat_asked = std::any_of(o.changes.begin(), o.changes.end(),
                                      [](const Change &c) { return c.code == "beat"; });
  if (o.created && beat_asked && p.beat == "on" && beat_phrase(o, zh).empty()) {
    out.push_back(!p.music ? (zh ? "加上音乐后切换会卡在节拍上。"
                                 : "The cuts go on the beat once there is music.")
                           : (zh ? "这段音乐没有稳定的节拍，切换保持均匀。"
                                 : "The music has no steady beat to cut on, so the cuts are "
                                   "evenly spaced."));
  }
  if (o.music_missing) {
    out.push_back(
        zh ? "你要求加音乐，但还没有上传音乐文件，所以视频里没有音乐。请上传 MP3、WAV 或 M4A "
             "后再告诉我。"
           : "You asked for music, but no music file has been uploaded, so the video has no music. "
             "Upload an MP3, WAV or M4A file and ask again.");
  }
  const Counts c = count(p);
  if (p.music && c.clips_with_sound > 0 && o.created) {
    const double v = p.clip_volume.value_or(0.3);
    out.push_back(zh ? "视频片段的原声保留，音量" + pct(v) + "。"
                     : "Your clips keep their own sound at " + pct(v) + " under the music.");
  }
  if (o.title_needs_text) {
    out.push_back(zh ? "请告诉我标题文字，例如：标题“夏日旅行”。"
                     : "Tell me the title text in quotes, e.g. add a title \"Summer trip\".");
  }
  if (o.captions_need_text) {
    out.push_back(zh ? "我不能从声音里识别字幕；把文字写在“字幕：”后面，我会按时间排好。"
                     : "I can't make captions without their text: write it after \"script:\" and "
                       "I'll time it across the video.");
  }
  for (const auto &u : o.unsupported) out.push_back(unsupported_sentence(u, zh));
  return out;
}

}  // namespace

std::string aspect_label(int width, int height) {
  if (width <= 0 || height <= 0) return "0x0";
  const int g = std::gcd(width, height);
  const int a = width / g, b = height / g;
  struct Known {
    int a, b;
    const char *label;
  };
  for (const Known &k : {Known{16, 9, "16:9"}, Known{9, 16, "9:16"}, Known{1, 1, "1:1"},
                         Known{4, 3, "4:3"}, Known{3, 4, "3:4"}, Known{4, 5, "4:5"}}) {
    if (a == k.a && b == k.b) return k.label;
  }
  return std::to_string(width) + "x" + std::to_string(height);
}

std::string unsupported_sentence(const UnsupportedAsk &u, bool zh) {
  const std::string &w = u.what;
  const std::string &c = u.code;
  if (zh) {
    if (c == "resolution")
      return "我做不了" + w + "：nemo-local 最高输出1080p（1920x1080 或 1080x1920）。";
    if (c == "fps") return "我不能输出" + w + "：最高60帧。";
    if (c == "voice") return "我不能加配音或旁白：nemo-local 没有语音合成。可以把文字做成字幕。";
    if (c == "object")
      return "我不能添加“" + w +
             "”：我只会编排你上传的照片、视频、文字和音乐，不会生成新的画面内容。";
    if (c == "scene")
      return "我不能改变" +
             (w == "the background" ? std::string("背景") : std::string("天气、天空或场景")) +
             "：我不会修改照片里的内容。";
    if (c == "style") return "我不能套用风格或滤镜：nemo-local 暂不支持。";
    if (c == "speed") return "我不能做慢动作或倒放：视频片段按正常速度播放。";
    if (c == "enhance") return "我不能增强或放大画质。";
    if (c == "overlay") return "我不能添加贴纸、标志或表情：只能叠加标题和字幕文字。";
    if (c == "speech") return "我不能从声音自动识别字幕；把文字写在“字幕：”后面，我会按时间排好。";
    if (c == "music_gen") return "我不能创作音乐；上传一个音乐文件，我就会用它。";
    if (c == "too_long") return "我做不了超过10分钟的视频。";
    if (c == "generate_motion")
      return "我不能在照片里生成新的动作或场景（" + w + "）；我用连续的镜头运动让照片动了起来。";
    return "这个我做不到：" + w + "。";
  }
  if (c == "resolution")
    return "I can't make it " + w + ": nemo-local renders at most 1080p (1920x1080 or 1080x1920).";
  if (c == "fps") return "I can't render at " + w + ": 60 fps is the most.";
  if (c == "voice")
    return "I can't add a voice-over: nemo-local has no speech synthesis. I can show your script "
           "as captions instead.";
  if (c == "object")
    return "I can't add " + w +
           ": I only arrange your own photos, clips, text and music; I don't generate new images.";
  if (c == "scene") return "I can't change " + w + ": I don't edit what is inside your pictures.";
  if (c == "style")
    return "I can't apply a visual style or filter: that isn't available in nemo-local.";
  if (c == "speed")
    return "I can't do slow motion or reversed playback: clips play at normal speed.";
  if (c == "enhance") return "I can't enhance or upscale your media.";
  if (c == "overlay")
    return "I can't add logos, stickers or emoji: only text titles and captions can be overlaid.";
  if (c == "speech")
    return "I can't make captions from speech: write the text after \"script:\" and I'll time it "
           "across the video.";
  if (c == "music_gen") return "I can't compose music: upload a music file and I'll use it.";
  if (c == "too_long") return "I can't make a video longer than 10 minutes.";
  if (c == "generate_motion") {
    return "I can't generate new movement or scenery inside the picture (" + w +
           "); I animated it with a continuous camera move instead.";
  }
  return "I can't do that: " + w + ".";
}

std::string compose_problem_reply(const BuildOutcome &o, bool zh) {
  std::string s;
  if (o.problem == BuildOutcome::Problem::NoVisuals) {
    s = zh ? "我收到了你的音乐，但还没有照片或视频片段可以放进画面。请上传照片（JPG、PNG、WEBP、HEI"
             "C）或视频片段（MP4、MOV），再告诉我想要什么样的视频。"
           : "I have your music but no photos or video clips to show. Upload photos (JPG, PNG, "
             "WEBP, HEIC) or clips "
             "(MP4, MOV) and tell me what video you want.";
  } else {
    s = zh ? "还没有素材：请先上传照片、视频片段或音乐，然后告诉我想要什么样的视频，例如“把这些照片"
             "做成30秒的视频，带转场和背景音乐”。"
           : "There is nothing to work with yet: upload photos, video clips or music first, then "
             "tell me what you want, "
             "e.g. \"turn these photos into a 30-second video with transitions and background "
             "music\".";
  }
  for (const auto &u : o.unsupported) s += " " + unsupported_sentence(u, zh);
  return s;
}

std::string compose_reply(const BuildOutcome &o, const AgentRequest &r, bool zh) {
  std::string s;
  if (o.created) {
    s = created_sentence(o, zh);
  } else {
    std::vector<std::string> phrases;
    for (const auto &ch : o.changes) phrases.push_back(change_phrase(ch, o, zh));
    if (!phrases.empty()) {
      s = zh ? "已修改：" + join_zh(phrases) + "。" : "I " + join_en(phrases) + ".";
    } else if (!r.understood && o.unsupported.empty()) {
      s = zh ? "我没看懂要改什么。我可以修改时长、画面比例（16:9、9:16、1:"
               "1）、转场、节奏、镜头运动、标题、字幕和音乐。"
             : "I didn't find anything to change. I can change the length, the format (16:9, 9:16, "
               "1:1), transitions, "
               "pace, motion, fit, title, captions and music.";
    } else if (o.unsupported.empty() && !o.music_missing && !o.title_needs_text &&
               !o.captions_need_text) {
      s = zh ? "时间线已经是这样了，没有需要修改的地方。"
             : "The timeline already is like that; nothing needed to change.";
    }
  }
  for (const auto &n : notes(o, zh)) s += (s.empty() ? "" : " ") + n;
  return s + "\n\n" + protocol::timeline_summary(o.layout.draft);
}

}  // namespace nemo::agent
