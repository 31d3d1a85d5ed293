// Each slot of the prompt parser on its own (plugin/agent/prompt_slots.hpp),
// with English and Chinese prompts: what it fills in, and what it leaves.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/prompt_slots.hpp"

#include <gtest/gtest.h>

#include "protocol/looks.hpp"

namespace nemo::agent::prompt {
namespace {

using Slot = void (*)(const Instruction &, AgentRequest &);

AgentRequest run(Slot slot, std::string text) {
  AgentRequest r;
  slot(Instruction(std::move(text)), r);
  return r;
}

TEST(PromptSlots, Instruction) {
  const Instruction in("Make it 9:16 and Slow-Paced");
  EXPECT_EQ(in.raw, "Make it 9:16 and Slow-Paced");
  EXPECT_EQ(in.lower, "make it 9:16 and slow-paced");
  EXPECT_TRUE(in.w.has("slow paced"));  // '-' reads as a space
}

TEST(PromptSlots, Quotes) {
  AgentRequest r;
  const std::string rest = take_quotes("a title \"Summer Trip\" and caption \"Hello\"", r);
  EXPECT_EQ(r.title, "Summer Trip");
  EXPECT_EQ(r.captions, (std::vector<std::string>{"Hello"}));
  EXPECT_EQ(rest.find("Summer"), std::string::npos);  // blanked out
  EXPECT_EQ(rest.size(), std::string("a title \"Summer Trip\" and caption \"Hello\"").size());
  AgentRequest zh;
  take_quotes("标题“夏日之旅”，字幕「你好」", zh);
  EXPECT_EQ(zh.title, "夏日之旅");
  EXPECT_EQ(zh.captions, (std::vector<std::string>{"你好"}));
}

TEST(PromptSlots, Scope) {
  EXPECT_TRUE(run(parse_scope, "turn these photos into a video").create);
  EXPECT_TRUE(run(parse_scope, "把照片做成一个视频").create);
  EXPECT_FALSE(run(parse_scope, "make it longer").create);
  EXPECT_TRUE(run(parse_scope, "animate this photo").single_picture);
  EXPECT_TRUE(run(parse_scope, "让这张图片动起来").single_picture);
  EXPECT_FALSE(run(parse_scope, "animate this photo and all the others").single_picture);
  EXPECT_TRUE(run(parse_scope, "add the new photos").add_media);
  EXPECT_TRUE(run(parse_scope, "include clips").add_media);
  EXPECT_TRUE(run(parse_scope, "加上新照片").add_media);
}

TEST(PromptSlots, Lengths) {
  EXPECT_EQ(run(parse_lengths, "make it 45 seconds").duration_ms, 45000);
  EXPECT_EQ(run(parse_lengths, "3 seconds per photo").per_item_ms, 3000);
  EXPECT_EQ(run(parse_lengths, "1 second transitions").transition_ms, 1000);
  const AgentRequest fades = run(parse_lengths, "fade in over 2 seconds, 4 seconds fade out");
  EXPECT_EQ(fades.music_fade_in_ms, 2000);
  EXPECT_EQ(fades.music_fade_out_ms, 4000);
  EXPECT_FALSE(fades.duration_ms);
  EXPECT_EQ(run(parse_lengths, "做成30秒的视频").duration_ms, 30000);
  EXPECT_EQ(run(parse_lengths, "每张3秒").per_item_ms, 3000);
  EXPECT_EQ(run(parse_lengths, "转场1秒").transition_ms, 1000);
  EXPECT_EQ(run(parse_lengths, "音乐淡出5秒").music_fade_out_ms, 5000);
  EXPECT_FALSE(run(parse_lengths, "make it vertical").duration_ms);
}

TEST(PromptSlots, LengthStep) {
  EXPECT_EQ(run(parse_length_step, "make it shorter").length_step, -1);
  EXPECT_EQ(run(parse_length_step, "a bit longer please").length_step, 1);
  EXPECT_EQ(run(parse_length_step, "缩短一些").length_step, -1);
  EXPECT_EQ(run(parse_length_step, "长一点").length_step, 1);
  EXPECT_EQ(run(parse_length_step, "faster").length_step, 0);
}

TEST(PromptSlots, Aspect) {
  EXPECT_EQ(run(parse_aspect, "make it vertical").aspect, AspectRequest::Portrait);
  EXPECT_EQ(run(parse_aspect, "for YouTube").aspect, AspectRequest::Landscape);
  EXPECT_EQ(run(parse_aspect, "square, no wait, 16:9").aspect, AspectRequest::Landscape);
  EXPECT_EQ(run(parse_aspect, "4:5 for the feed").aspect, AspectRequest::Feed);
  EXPECT_EQ(run(parse_aspect, "my portrait photos").aspect, AspectRequest::Keep);
  EXPECT_EQ(run(parse_aspect, "at 19:16:05").aspect, AspectRequest::Keep);
  EXPECT_EQ(run(parse_aspect, "改成竖屏").aspect, AspectRequest::Portrait);
  EXPECT_EQ(run(parse_aspect, "横屏视频").aspect, AspectRequest::Landscape);
  EXPECT_EQ(run(parse_aspect, "正方形").aspect, AspectRequest::Square);
  EXPECT_EQ(run(parse_aspect, "比例9：16").aspect, AspectRequest::Portrait);
}

TEST(PromptSlots, ResolutionAndFps) {
  EXPECT_EQ(run(parse_resolution, "export in 720p").resolution, 720);
  EXPECT_EQ(run(parse_resolution, "full HD").resolution, 1080);
  EXPECT_FALSE(run(parse_resolution, "导出视频").resolution);
  EXPECT_EQ(run(parse_fps, "at 30 fps").fps, 30);
  EXPECT_EQ(run(parse_fps, "24fps").fps, 24);
  const AgentRequest fast = run(parse_fps, "120 fps");
  EXPECT_FALSE(fast.fps);
  ASSERT_EQ(fast.unsupported.size(), 1u);
  EXPECT_EQ(fast.unsupported[0].code, "fps");
  EXPECT_EQ(fast.unsupported[0].what, "120 fps");
  EXPECT_FALSE(run(parse_fps, "每秒30帧").fps);  // no Chinese frame rate
}

TEST(PromptSlots, Transitions) {
  const AgentRequest wipe = run(parse_transitions, "with wipe transitions");
  EXPECT_EQ(wipe.transition, "wiperight");
  EXPECT_TRUE(wipe.transitions_mentioned);
  EXPECT_EQ(run(parse_transitions, "fades, then a slide").transition, "slideleft");  // the last
  EXPECT_EQ(run(parse_transitions, "no transitions").transition, "none");
  EXPECT_EQ(run(parse_transitions, "slide in, but no fades").transition, "none");
  EXPECT_EQ(run(parse_transitions, "just hard cuts").transition, "none");
  EXPECT_FALSE(run(parse_transitions, "fade in the music").transition);
  EXPECT_EQ(run(parse_transitions, "smooth please").transition, "smooth");
  EXPECT_EQ(run(parse_transitions, "用叠化转场").transition, "dissolve");
  EXPECT_EQ(run(parse_transitions, "不要转场").transition, "none");
  EXPECT_EQ(run(parse_transitions, "平滑一点").transition, "smooth");
  const AgentRequest zh = run(parse_transitions, "加转场");
  EXPECT_TRUE(zh.transitions_mentioned);
  EXPECT_FALSE(zh.transition);
}

TEST(PromptSlots, TransitionCatalogue) {
  const auto tr = [](const char *text) {
    return run(parse_transitions, text).transition.value_or("(nothing)");
  };
  // Every catalogue name said as one word, and with hyphens ("wipe-left") too.
  for (const std::string_view name : nemo::protocol::transition_names()) {
    EXPECT_EQ(tr(("use " + std::string(name) + " transitions").c_str()), name);
  }
  EXPECT_EQ(tr("a wipe-left between photos"), "wipeleft");
  EXPECT_EQ(tr("wipe to the left"), "wipeleft");
  EXPECT_EQ(tr("slide up transitions"), "slideup");
  EXPECT_EQ(tr("fade to black between the photos"), "fadeblack");  // not "fade"
  EXPECT_EQ(tr("a white flash between shots"), "fadewhite");
  EXPECT_EQ(tr("circle wipe transitions"), "circleopen");
  EXPECT_EQ(tr("iris close transitions"), "circleclose");
  EXPECT_EQ(tr("pixelate transitions"), "pixelize");
  EXPECT_EQ(tr("a clock wipe"), "radial");
  EXPECT_EQ(tr("barn door transitions"), "horzopen");
  EXPECT_EQ(tr("checkerboard transitions"), "checker");
  EXPECT_EQ(tr("random transitions"), "random");
  EXPECT_EQ(tr("a different transition each time"), "random");
  EXPECT_EQ(tr("mixed transitions"), "random");
  EXPECT_EQ(tr("cinematic please"), "cinematic");
  EXPECT_EQ(tr("make it dynamic"), "dynamic");
  EXPECT_EQ(tr("smooth dissolves"), "dissolve");  // a named look wins over a style
  // Common words are looks only next to a transition word.
  EXPECT_EQ(tr("photos of clouds and the sea"), "(nothing)");
  EXPECT_EQ(tr("my clock collection"), "(nothing)");
  EXPECT_EQ(tr("clouds transitions"), "clouds");
  EXPECT_EQ(tr("a circle of friends"), "(nothing)");
  // Chinese.
  EXPECT_EQ(tr("用向左擦除的转场"), "wipeleft");
  EXPECT_EQ(tr("黑场过渡"), "fadeblack");
  EXPECT_EQ(tr("百叶窗转场"), "blinds");
  EXPECT_EQ(tr("随机转场"), "random");
  EXPECT_EQ(tr("电影感"), "cinematic");
  EXPECT_EQ(tr("马赛克转场"), "pixelize");
  EXPECT_EQ(tr("给照片打马赛克"), "(nothing)");
  EXPECT_NE(tr("不要百叶窗转场"), "blinds");
  // The dock's choice wins over the words.
  EXPECT_EQ(tr("with fades (transition: slideright)"), "slideright");
  EXPECT_EQ(tr("no transitions (transition: random)"), "random");
  EXPECT_EQ(tr("(transition: wipe)"), "wiperight");  // an older short name
  EXPECT_EQ(tr("(transition: cinematic)"), "cinematic");
  EXPECT_EQ(tr("fades (transition: sparkles)"), "fade");  // unknown: the words decide
}

TEST(PromptSlots, Pace) {
  EXPECT_EQ(run(parse_pace, "make it faster").pace, "fast");
  EXPECT_EQ(run(parse_pace, "slow paced").pace, "slow");
  EXPECT_EQ(run(parse_pace, "normal pace").pace, "normal");
  EXPECT_FALSE(run(parse_pace, "slow motion").pace);
  EXPECT_FALSE(run(parse_pace, "zoom in slowly").pace);  // about the motion
  EXPECT_EQ(run(parse_pace, "节奏快一点").pace, "fast");
  EXPECT_EQ(run(parse_pace, "慢一点").pace, "slow");
  EXPECT_EQ(run(parse_pace, "正常节奏").pace, "normal");
}

TEST(PromptSlots, Motion) {
  EXPECT_EQ(run(parse_motion, "zoom in on each photo").motion, "zoom_in");
  EXPECT_EQ(run(parse_motion, "zoom out").motion, "zoom_out");
  EXPECT_EQ(run(parse_motion, "pan left").motion, "pan_left");
  EXPECT_EQ(run(parse_motion, "tilt up").motion, "pan_up");
  EXPECT_EQ(run(parse_motion, "pan").motion, "pan_right");
  EXPECT_EQ(run(parse_motion, "ken burns").motion, "kenburns");
  EXPECT_EQ(run(parse_motion, "bring it to life").motion, "animate");
  EXPECT_EQ(run(parse_motion, "no zoom").motion, "none");
  EXPECT_FALSE(run(parse_motion, "zoom transitions").motion);
  EXPECT_EQ(run(parse_motion, "让照片动起来").motion, "animate");
  EXPECT_EQ(run(parse_motion, "向左平移").motion, "pan_left");
  EXPECT_EQ(run(parse_motion, "拉远").motion, "zoom_out");
  EXPECT_EQ(run(parse_motion, "静止").motion, "none");
  EXPECT_EQ(run(parse_motion, "slowly push in on the shoes").motion, "zoom_in");
  EXPECT_EQ(run(parse_motion, "pull out").motion, "zoom_out");
  EXPECT_EQ(run(parse_motion, "tilt down over the skyline").motion, "pan_down");
  EXPECT_EQ(run(parse_motion, "a slow drift").motion, "drift");
  EXPECT_EQ(run(parse_motion, "镜头向左平移").motion, "pan_left");
  EXPECT_EQ(run(parse_motion, "镜头上摇").motion, "pan_up");
  EXPECT_EQ(run(parse_motion, "镜头下摇").motion, "pan_down");
  EXPECT_EQ(run(parse_motion, "镜头缓慢漂移").motion, "drift");
  EXPECT_EQ(run(parse_motion, "use wipes instead and no camera moves").motion, "none");
  EXPECT_EQ(run(parse_motion, "不要镜头运动").motion, "none");
  EXPECT_FALSE(run(parse_motion, "用向左擦除的转场").motion);  // a transition, not a pan
  // The dock's choice wins over the words.
  EXPECT_EQ(run(parse_motion, "zoom in (camera: pan_left, strength 1.5)").motion, "pan_left");
  EXPECT_EQ(run(parse_motion, "(camera: push in)").motion, "zoom_in");
  EXPECT_EQ(run(parse_motion, "(camera: tilt up, strength 0.5)").motion, "pan_up");
  EXPECT_EQ(run(parse_motion, "animate it (camera: still)").motion, "none");
  EXPECT_EQ(run(parse_motion, "(camera: drift)").motion, "drift");
  EXPECT_EQ(run(parse_motion, "zoom in (camera: wobble)").motion, "zoom_in");
}

TEST(PromptSlots, MotionStrength) {
  EXPECT_EQ(run(parse_motion_strength, "zoom in slowly").motion_strength, 0.5);
  EXPECT_EQ(run(parse_motion_strength, "pan quickly").motion_strength, 1.6);
  EXPECT_EQ(run(parse_motion_strength, "a dramatic zoom").motion_strength, 1.6);
  EXPECT_EQ(run(parse_motion_strength, "gentle motion").motion_strength, 0.5);
  EXPECT_FALSE(run(parse_motion_strength, "make it slow").motion_strength);
  EXPECT_EQ(run(parse_motion_strength, "轻微地放大").motion_strength, 0.5);
  EXPECT_EQ(run(parse_motion_strength, "强烈的运动").motion_strength, 1.6);
  EXPECT_EQ(run(parse_motion_strength, "pan left, strength 1.5").motion_strength, 1.5);
  EXPECT_EQ(run(parse_motion_strength, "motion strength of 0.25").motion_strength, 0.25);
  EXPECT_EQ(run(parse_motion_strength, "strength 9").motion_strength, 2.0);  // clamped
  EXPECT_EQ(run(parse_motion_strength, "镜头推近，力度1.5").motion_strength, 1.5);
  EXPECT_FALSE(run(parse_motion_strength, "the strength of the team").motion_strength);
  EXPECT_EQ(
      run(parse_motion_strength, "zoom in slowly (camera: zoom_in, strength 1.8)").motion_strength,
      1.8);
  EXPECT_FALSE(run(parse_motion_strength, "(camera: pan_left)").motion_strength);
}

TEST(PromptSlots, Scene) {
  EXPECT_EQ(run(parse_scene, "a video of the shoes running on a track").described_scene,
            "the shoes running on a track");
  EXPECT_EQ(run(parse_scene, "a video of my photos with music").described_scene, "");
  EXPECT_EQ(run(parse_scene, "一个跑鞋在跑道上的视频").described_scene, "");  // English only
}

TEST(PromptSlots, Fit) {
  EXPECT_EQ(run(parse_fit, "blurred background").fit, "blur");
  EXPECT_EQ(run(parse_fit, "don't crop").fit, "pad");
  EXPECT_EQ(run(parse_fit, "show the whole photo").fit, "pad");
  EXPECT_EQ(run(parse_fit, "fill the frame").fit, "crop");
  EXPECT_FALSE(run(parse_fit, "no blur").fit);
  EXPECT_EQ(run(parse_fit, "背景模糊").fit, "blur");
  EXPECT_EQ(run(parse_fit, "不要裁剪").fit, "pad");
  EXPECT_EQ(run(parse_fit, "铺满画面").fit, "crop");
}

TEST(PromptSlots, Title) {
  EXPECT_EQ(run(parse_title, "titled Summer Trip with music").title, "Summer Trip");
  EXPECT_EQ(run(parse_title, "title: Beach Day. Then music").title, "Beach Day");
  EXPECT_EQ(run(parse_title, "called summer").title, "summer");
  const AgentRequest none = run(parse_title, "no title");
  EXPECT_TRUE(none.remove_title);
  EXPECT_FALSE(none.title);
  EXPECT_TRUE(run(parse_title, "add a title").title_without_text);
  EXPECT_EQ(run(parse_title, "标题：夏日之旅，加音乐").title, "夏日之旅");
  EXPECT_EQ(run(parse_title, "标题为海边").title, "海边");
  EXPECT_TRUE(run(parse_title, "去掉标题").remove_title);
  // A title taken from quotes is kept.
  AgentRequest quoted;
  quoted.title = "Go";
  parse_title(Instruction("the title    and music"), quoted);
  EXPECT_EQ(quoted.title, "Go");
  EXPECT_FALSE(quoted.title_without_text);
}

TEST(PromptSlots, Captions) {
  EXPECT_TRUE(run(parse_captions, "no captions").remove_captions);
  EXPECT_TRUE(run(parse_captions, "add subtitles").captions_without_text);
  EXPECT_TRUE(run(parse_captions, "去掉字幕").remove_captions);
  EXPECT_TRUE(run(parse_captions, "加字幕").captions_without_text);
  AgentRequest script;
  script.captions = {"One.", "Two."};
  parse_captions(Instruction("with captions"), script);
  EXPECT_FALSE(script.captions_without_text);
  parse_captions(Instruction("remove the text"), script);
  EXPECT_TRUE(script.remove_captions);
  EXPECT_TRUE(script.captions.empty());
}

TEST(PromptSlots, Music) {
  EXPECT_TRUE(run(parse_music, "with music").music);
  const AgentRequest none = run(parse_music, "no music");
  EXPECT_TRUE(none.no_music);
  EXPECT_FALSE(none.music);
  EXPECT_FALSE(none.clip_volume);
  const AgentRequest silent = run(parse_music, "make it silent");
  EXPECT_TRUE(silent.no_music);
  EXPECT_EQ(silent.clip_volume, 0.0);
  EXPECT_TRUE(run(parse_music, "加上背景音乐").music);
  EXPECT_TRUE(run(parse_music, "不要音乐").no_music);
  EXPECT_EQ(run(parse_music, "静音").clip_volume, 0.0);
}

TEST(PromptSlots, Volume) {
  EXPECT_EQ(run(parse_volume, "music at 30%").music_volume, 0.3);
  const AgentRequest clips = run(parse_volume, "clips at 50 percent");
  EXPECT_EQ(clips.clip_volume, 0.5);
  EXPECT_FALSE(clips.music_volume);
  EXPECT_FALSE(run(parse_volume, "30% shorter").music_volume);  // not about sound
  EXPECT_EQ(run(parse_volume, "quieter music").music_volume_step, -1);
  EXPECT_EQ(run(parse_volume, "turn up the music").music_volume_step, 1);
  EXPECT_EQ(run(parse_volume, "turn up").music_volume_step, 0);
  EXPECT_EQ(run(parse_volume, "音乐音量百分之五十").music_volume, 0.5);
  EXPECT_EQ(run(parse_volume, "原声百分之二十").clip_volume, 0.2);
  EXPECT_EQ(run(parse_volume, "音乐小声一点").music_volume_step, -1);
  EXPECT_EQ(run(parse_volume, "音乐大声一点").music_volume_step, 1);
  // A volume means music, unless it is 0.
  AgentRequest r;
  r.no_music = true;
  parse_volume(Instruction("music at 40%"), r);
  EXPECT_FALSE(r.no_music);
  r.no_music = true;
  parse_volume(Instruction("music at 0%"), r);
  EXPECT_TRUE(r.no_music);
}

TEST(PromptSlots, MusicFades) {
  EXPECT_EQ(run(parse_music_fades, "fade the music out").music_fade_out_ms, -1);
  EXPECT_EQ(run(parse_music_fades, "fade in").music_fade_in_ms, -1);
  EXPECT_EQ(run(parse_music_fades, "音乐淡入").music_fade_in_ms, -1);
  EXPECT_EQ(run(parse_music_fades, "结尾淡出").music_fade_out_ms, -1);
  const AgentRequest transition = run(parse_music_fades, "淡入淡出");  // a transition
  EXPECT_FALSE(transition.music_fade_in_ms);
  EXPECT_FALSE(transition.music_fade_out_ms);
  AgentRequest timed;
  timed.music_fade_out_ms = 3000;
  parse_music_fades(Instruction("fade out"), timed);
  EXPECT_EQ(timed.music_fade_out_ms, 3000);  // a length said stays
}

TEST(PromptSlots, ClipSound) {
  EXPECT_EQ(run(parse_clip_sound, "mute the clips").clip_volume, 0.0);
  EXPECT_EQ(run(parse_clip_sound, "keep the original sound").clip_volume, 1.0);
  EXPECT_EQ(run(parse_clip_sound, "去掉原声").clip_volume, 0.0);
  EXPECT_EQ(run(parse_clip_sound, "保留原声").clip_volume, 1.0);
  EXPECT_FALSE(run(parse_clip_sound, "with music").clip_volume);
}

TEST(PromptSlots, Unsupported) {
  const auto codes = [](std::string text) {
    std::vector<std::string> out;
    for (const auto &u : run(parse_unsupported, std::move(text)).unsupported) {
      out.push_back(u.code + ":" + u.what);
    }
    return out;
  };
  EXPECT_EQ(codes("in 4K with a voiceover"),
            (std::vector<std::string>{"resolution:4K", "voice:voice-over"}));
  EXPECT_EQ(codes("remove the background"), (std::vector<std::string>{"scene:the background"}));
  EXPECT_EQ(codes("add background music"), std::vector<std::string>{});
  EXPECT_EQ(codes("add a dragon"), (std::vector<std::string>{"object:a dragon"}));
  EXPECT_EQ(codes("add a title"), std::vector<std::string>{});
  EXPECT_EQ(codes("换成卡通风格"), (std::vector<std::string>{"style:a visual style or filter"}));
  EXPECT_EQ(codes("加一只猫"), (std::vector<std::string>{"object:猫"}));
  EXPECT_EQ(codes("加一个标题"), std::vector<std::string>{});
  EXPECT_EQ(
      codes("配音和慢动作"),
      (std::vector<std::string>{"voice:voice-over", "speed:slow motion or reversed playback"}));
}

TEST(PromptSlots, LimitsAndUnderstood) {
  AgentRequest r;
  EXPECT_FALSE(understood(r));
  r.duration_ms = 20 * 60000;
  r.per_item_ms = 100;
  r.transition_ms = 9000;
  r.music_fade_in_ms = -1;
  r.music_fade_out_ms = 90000;
  apply_limits(r);
  EXPECT_FALSE(r.duration_ms);
  ASSERT_EQ(r.unsupported.size(), 1u);
  EXPECT_EQ(r.unsupported[0].code, "too_long");
  EXPECT_EQ(r.per_item_ms, 1000);
  EXPECT_EQ(r.transition_ms, 3000);
  EXPECT_EQ(r.music_fade_in_ms, -1);
  EXPECT_EQ(r.music_fade_out_ms, 30000);
  EXPECT_TRUE(understood(r));
  AgentRequest short_one;
  short_one.duration_ms = 200;
  apply_limits(short_one);
  EXPECT_EQ(short_one.duration_ms, 1000);
}

TEST(PromptSlots, BackgroundColour) {
  const auto bg = [](std::string text) {
    return run(parse_background, std::move(text)).background;
  };
  EXPECT_EQ(bg("put the logos on a white background"), "#ffffff");
  EXPECT_EQ(bg("a plain grey backdrop"), "#808080");
  EXPECT_EQ(bg("make the background blue"), protocol::canonical_background("blue"));
  EXPECT_EQ(bg("background colour #FF8800 please"), "#ff8800");
  EXPECT_EQ(bg("set the background to orange"), protocol::canonical_background("orange"));
  EXPECT_EQ(bg("make a video (background: #12ab3c)"), "#12ab3c");
  EXPECT_EQ(bg("白色背景"), "#ffffff");
  EXPECT_EQ(bg("背景改成蓝色"), protocol::canonical_background("blue"));
  EXPECT_EQ(bg("把台标放在白底上"), "#ffffff");
  EXPECT_EQ(bg("黑色底的"), "#000000");
  // Not a background colour.
  EXPECT_FALSE(bg("add some background music"));
  EXPECT_FALSE(bg("white background music"));
  EXPECT_FALSE(bg("加上背景音乐，白色的字幕"));
  EXPECT_FALSE(bg("fit the photos over a blurred background"));
  EXPECT_FALSE(bg("fade to white between photos"));
  EXPECT_FALSE(bg("a facade background"));
  EXPECT_FALSE(bg("the background is fine"));
  EXPECT_FALSE(bg("不要白色背景"));
  EXPECT_FALSE(bg("no white background"));
}

}  // namespace
}  // namespace nemo::agent::prompt
