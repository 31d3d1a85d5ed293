// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/prompt_words.hpp"

namespace nemo::agent::prompt::words {

// {English phrases}, {Chinese phrases}

const WordList negation = {
    {"no",    "not",     "without", "remove", "removing", "delete", "drop",  "dont",
     "don't", "disable", "lose",    "skip",   "ditch",    "kill",   "strip", "rid",
     "mute",  "none",    "stop",    "never",  "cut",      "exclude"},
    {"不要", "去掉", "删除", "删掉", "移除", "取消", "关掉", "关闭", "没有", "不用", "不需要", "别",
     "去除", "拿掉", "无"}};
const WordList negation_stop = {
    {"and", "but", "then", "also", "plus", "with", "add", "use", "keep", "instead", "into", "make"},
    {}};

const WordList script_word = {{"script", "caption", "captions", "subtitle", "subtitles", "text",
                               "lines", "words", "story", "narrative"},
                              {"脚本", "文案", "字幕", "台词"}};
const WordList video_word = {{"video", "slideshow", "clip", "promo", "reel", "movie", "film"},
                             {"视频", "短片", "影片"}};
const WordList script_marker = {
    {"script:", "script：", "captions:", "captions：", "subtitles:", "subtitles：",
     "caption:", "subtitle:", "lines:"},
    {"脚本：", "脚本:", "文案：", "文案:", "字幕：", "字幕:", "台词：", "台词:"}};
const WordList title_lead = {{"title", "titled", "called", "named"}, {"标题"}};
const WordList caption_lead = {{"caption", "captions", "subtitle", "subtitles"}, {"字幕"}};

const WordList create = {
    {"turn these",   "turn my",      "turn them",   "turn all",   "convert these", "convert my",
     "create",       "generate",     "build",       "make a",     "make an",       "make me",
     "make my",      "put together", "slideshow",   "slide show", "into a",        "into an",
     "into one",     "into video",   "into videos", "redo",       "rebuild",       "start over",
     "from scratch", "new video",    "compile"},
    {"做成", "制作", "生成", "转成", "变成", "做一个", "做个", "创建", "重新做", "合成"}};
const WordList single_picture = {
    {"this image", "this photo", "this picture", "this pic", "this shot", "the image", "the photo",
     "the picture", "this product photo"},
    {"这张"}};
const WordList plural_pictures = {{"these", "photos", "images", "pictures", "all"}, {}};
const WordList add_media = {{"add the new", "add new", "add more", "add the other", "add the rest",
                             "add these", "add those", "add them", "include the new", "include all",
                             "use all", "add the remaining", "add my other"},
                            {"加上新", "添加新", "加入新"}};
const WordList media_kind = {{"photos", "pictures", "images", "clips", "videos", "photo", "picture",
                              "image", "clip", "video"},
                             {}};
const WordList add_verb = {{"add", "include"}, {}};

const WordList fade = {{"fade", "fades", "fading"}, {}};
const WordList transition_word = {
    {"transition", "transitions", "fade", "fades", "dissolve", "dissolves", "wipe", "wipes",
     "slide", "slides", "crossfade", "crossfades", "cross", "zooms", "cuts"},
    {}};
const WordList picture_word = {{"photo", "photos", "picture", "pictures", "image", "images", "pic",
                                "pics", "slide", "clip", "shot"},
                               {}};
const WordList per = {{"per", "each", "every"}, {}};
const WordList shorter = {{"shorter", "shorten"}, {"短一点", "缩短", "短一些"}};
const WordList longer = {{"longer", "lengthen", "extend"}, {"长一点", "加长", "延长", "长一些"}};

const WordList photo_noun = {
    {"photo", "photos", "picture", "pictures", "image", "images", "shot", "shots", "pics"}, {}};
const WordList portrait = {{"vertical", "tiktok", "reels", "reel", "shorts", "instagram story",
                            "stories", "douyin", "upright"},
                           {"竖屏", "竖版", "竖向", "竖的", "抖音"}};
const WordList landscape = {{"horizontal", "widescreen", "wide screen", "youtube"},
                            {"横屏", "横版", "横向", "横的"}};
const WordList square = {{"square", "squared"}, {"正方形", "方形", "方屏"}};
const WordList res_720 = {{"720p", "720"}, {}};
const WordList res_1080 = {{"1080p", "full hd", "fullhd", "fhd"}, {}};
const WordList fps_unit = {{"fps", "frames"}, {}};

const WordList transition_noun = {{"transition", "transitions"}, {"转场", "过渡"}};
const WordList fade_transition = {{"fade", "fades"}, {"淡入淡出", "渐隐", "渐变"}};
const WordList not_a_fade_transition_next = {{"in", "out", "away"}, {}};
const WordList not_a_fade_transition_prev = {{"music", "song", "audio"}, {}};
const WordList dissolve = {{"crossfade", "crossfades", "cross fade", "cross fades", "dissolve",
                            "dissolves", "cross dissolve"},
                           {"叠化", "溶解", "交叉淡化"}};
const WordList wipe = {{"wipe", "wipes", "wiping"}, {"擦除", "划像"}};
const WordList slide = {{"slide transition", "slide transitions", "slide", "sliding", "slides in"},
                        {"滑动", "推移"}};
const WordList zoom_transition = {{"zoom transition", "zoom transitions", "zoom between"},
                                  {"缩放转场"}};
const WordList hard_cut = {{"hard cut", "hard cuts", "straight cuts", "jump cuts", "simple cuts",
                            "just cuts", "quick cuts", "fast cuts"},
                           {"硬切", "直接切"}};
const WordList transition_negatable = {
    {"transition", "transitions", "fade", "fades", "dissolves", "wipes"}, {"转场", "过渡"}};
const WordList smooth = {{"smooth", "smoothly", "smoother"}, {"流畅", "平滑", "顺滑"}};

const WordList slow_motion = {{"slow motion", "slow mo", "slo mo", "slowmo"}, {"慢动作"}};
const WordList motion_word = {
    {"zoom", "zooms", "zooming", "pan", "pans", "panning", "motion", "move", "moves", "moving",
     "movement", "camera", "drift", "push", "pull", "tilt"},
    {}};
const WordList slow = {{"slow", "slower", "slowly", "calm", "calmer", "relaxed", "leisurely"}, {}};
const WordList fast = {{"fast", "faster", "quick", "quicker", "quickly", "snappy", "energetic",
                        "upbeat", "punchy", "rapid"},
                       {}};
const WordList slow_pace = {{"slow paced", "slow down"},
                            {"慢一点", "慢节奏", "更慢", "放慢", "慢速", "舒缓", "慢一些", "慢些"}};
const WordList fast_pace = {
    {"speed up", "dynamic pace"},
    {"快一点", "快节奏", "更快", "加快", "快速", "快一些", "快些", "节奏快"}};
const WordList normal_pace = {{"normal pace", "normal speed", "medium pace", "normal pacing"},
                              {"正常节奏"}};

const WordList animate = {{"animate", "animated", "animation", "in motion", "motion", "moving",
                           "movement", "bring to life", "bring it to life", "bring them to life",
                           "come alive", "comes alive", "come to life", "dynamic", "alive"},
                          {"动起来", "动画", "动态", "活起来", "运动", "动感"}};
const WordList ken_burns = {{"ken burns", "kenburns"}, {}};
const WordList zoom_in = {{"zoom in", "zoom into", "zooming in", "zooms in", "push in", "zoom"},
                          {"推近", "放大", "拉近"}};
const WordList zoom_in_not = {
    {"zoom transition", "zoom transitions", "zoom between", "zoom out", "zooming out", "zooms out"},
    {}};
const WordList zoom_out = {{"zoom out", "zooming out", "zooms out", "pull out", "pull back"},
                           {"拉远", "缩小"}};
const WordList pan_left = {{"pan left", "pan to the left", "panning left", "pans left"},
                           {"向左平移", "左移", "向左移动", "镜头向左", "向左摇", "左摇"}};
const WordList pan_up = {{"pan up", "tilt up", "panning up", "pans up"},
                         {"向上平移", "上移", "向上移动", "镜头上摇", "上摇", "向上摇"}};
const WordList pan_down = {{"pan down", "tilt down", "panning down", "pans down"},
                           {"向下平移", "下移", "向下移动", "镜头下摇", "下摇", "向下摇"}};
const WordList pan_right = {
    {"pan right", "pan to the right", "panning right", "pans right", "pan", "panning"},
    {"向右平移", "右移", "向右移动", "镜头向右", "向右摇", "右摇"}};
const WordList drift = {{"drift", "drifting", "drifts", "slow drift", "camera drift"},
                        {"漂移", "缓慢漂移", "镜头漂移", "漂浮"}};
const WordList still = {
    {"static", "stationary", "no motion", "no movement", "no zoom", "no animation",
     "without motion", "without movement", "without zoom", "don't animate", "dont animate",
     "still image", "keep it still", "no camera moves", "no camera move", "no camera movement",
     "no camera motion", "without camera moves", "without camera movement"},
    {"不要动", "静止", "不要动画", "不要运动", "不要镜头运动", "镜头不动", "不要运镜"}};
const WordList subtle = {{"subtle", "gentle", "gently", "slight", "slightly", "soft", "softly"},
                         {"轻微", "轻柔", "缓缓"}};
const WordList strong = {
    {"strong", "dramatic", "more motion", "more movement", "intense", "stronger", "more dramatic"},
    {"强烈", "明显", "更多运动"}};
const WordList scene_lead = {{"video of", "clip of", "animation of", "footage of"}, {}};
const WordList scene_nothing = {
    {"the", "my",   "this",  "these",  "those", "your",        "a",       "an",
     "it",  "them", "photo", "photos", "image", "images",      "picture", "pictures",
     "pic", "pics", "with",  "and",    "music", "transitions", "captions"},
    {}};

const WordList blur = {{"blur", "blurred", "blurry", "blurred background", "blur background"},
                       {"模糊背景", "背景模糊"}};
const WordList pad = {{"letterbox", "letterboxed", "letterboxing", "pillarbox", "black bars", "pad",
                       "padding", "padded", "fit", "whole photo", "whole picture", "whole image",
                       "entire photo", "entire picture", "entire image", "fit inside"},
                      {"黑边", "完整显示", "不要裁剪", "不裁剪"}};
const WordList crop_negatable = {{"crop", "cropped", "cropping", "cut off"}, {}};
const WordList crop = {{"crop", "cropped", "cropping", "fill", "fill the frame", "full screen",
                        "fullscreen", "zoom to fill"},
                       {"裁剪", "铺满", "填满", "全屏"}};

const WordList title_word = {{"title", "titled", "called", "named", "headline"}, {"标题"}};
const WordList title_stop = {{" with ", " and ", " at ", " in ", " for ", " using ", " plus "}, {}};
const WordList zh_title_sep = {{}, {"：", ":", "为", "是", "叫", " "}};
const WordList caption_word = {{"caption", "captions", "subtitle", "subtitles"}, {"字幕"}};
const WordList captions_negatable = {{"caption", "captions", "subtitle", "subtitles", "text"},
                                     {"字幕"}};

const WordList music = {{"music", "bgm", "soundtrack", "song", "songs", "tune", "audio",
                         "background track", "sound track"},
                        {"音乐", "配乐", "bgm", "歌"}};
const WordList beat_sync = {{"on the beat",
                             "on the beats",
                             "on beat",
                             "to the beat",
                             "to the beats",
                             "with the beat",
                             "beat sync",
                             "beat synced",
                             "beat synced cuts",
                             "beat sync cuts",
                             "beat matched",
                             "beatsync",
                             "in time with the music",
                             "in sync with the music",
                             "sync to the music",
                             "sync with the music",
                             "synced to the music",
                             "on the rhythm",
                             "to the rhythm",
                             "with the rhythm"},
                            {"卡点", "踩点", "节拍", "节奏点", "跟着节奏", "随着节奏"}};
const WordList beat_cut = {
    {"cut on the beat", "cuts on the beat", "cut on beat", "cuts on beat", "cut to the beat",
     "cuts to the beat", "cut on the beats", "cut to the beats", "cut to the music",
     "cuts to the music", "cut to the rhythm", "cut on the rhythm", "cuts on the rhythm"},
    {}};
const WordList beat_ignore = {{"ignore the beat", "ignore the beats", "ignore the rhythm",
                               "off beat", "even cuts", "evenly spaced cuts", "even intervals"},
                              {"忽略节拍", "均匀切换", "平均分配"}};
const WordList fit_music = {
    {"fit the length to the music",
     "fit the length to the song",
     "fit the video to the music",
     "fit the video to the song",
     "fit it to the music",
     "fit it to the song",
     "fit to the music",
     "fit to the song",
     "match the music length",
     "match the length of the music",
     "match the length of the song",
     "as long as the music",
     "as long as the song",
     "as long as the track",
     "the length of the music",
     "the length of the song",
     "the whole song",
     "the full song",
     "the entire song",
     "the whole track",
     "the full track",
     "until the music ends",
     "until the song ends",
     "till the music ends",
     "till the song ends"},
    {"和音乐一样长", "跟音乐一样长", "与音乐一样长", "和歌一样长", "跟歌一样长", "与歌一样长",
     "音乐的长度", "歌的长度", "整首歌", "整首音乐", "整首曲子", "按音乐长度", "配合音乐长度"}};
const WordList silent = {{"silent", "no sound", "without sound", "mute everything"},
                         {"静音", "无声"}};
const WordList no_audio = {{"silent", "no sound", "without sound", "no audio", "mute everything"},
                           {"静音", "无声"}};
const WordList music_context = {{"music", "bgm", "song", "soundtrack", "volume", "audio", "track"},
                                {"音乐", "配乐", "音量", "bgm", "歌"}};
const WordList clip_sound_word = {
    {"clip", "clips", "original", "videos", "voice", "voices", "clip's", "clips'", "video's"}, {}};
const WordList clip_sound_word_after = {{"clip", "clips", "original", "videos", "voice", "voices"},
                                        {}};
const WordList quieter = {{"quieter", "softer", "less loud", "too loud"},
                          {"小声", "小一点", "调低", "降低", "轻一点", "小点"}};
const WordList quieter_music = {{"lower", "turn down", "reduce", "decrease", "lower the"}, {}};
const WordList louder = {{"louder"}, {"大声", "调高", "提高", "大一点", "响一点"}};
const WordList louder_music = {{"turn up", "raise", "increase", "boost", "more music"}, {}};
const WordList fade_in = {
    {"fade in", "fades in", "fading in", "fadein", "fade the music in", "fade the song in"},
    {"淡入"}};
const WordList fade_out = {{"fade out", "fades out", "fading out", "fadeout", "fade away",
                            "fades away", "fade the music out", "fade the song out"},
                           {"淡出"}};
const WordList fade_in_out = {{}, {"淡入淡出"}};
const WordList fade_in_music = {{"music", "bgm"}, {"音乐"}};
const WordList mute_clips = {
    {"mute the clips", "mute clips", "mute the videos", "mute the clip", "mute the video",
     "no original sound", "no clip sound", "mute the original", "without the original sound"},
    {"去掉原声", "不要原声", "原声静音"}};
const WordList keep_clip_sound = {
    {"keep the original sound", "keep original sound", "keep the original audio", "original audio",
     "original sound", "full volume clips", "keep the clip sound"},
    {"保留原声"}};

const std::initializer_list<Resolution> resolution = {
    {"4k", "4K"}, {"2160p", "2160p"}, {"1440p", "1440p"}, {"2k", "2K"},
    {"8k", "8K"}, {"5k", "5K"},       {"uhd", "UHD"},     {"ultra hd", "ultra HD"}};
const std::initializer_list<Unsupported> unsupported_before_background = {
    {"voice",
     "voice-over",
     {{"voice over", "voiceover", "narration", "narrator", "text to speech", "tts", "ai voice",
       "read it aloud", "read aloud", "lip sync", "lipsync", "dubbing"},
      {"配音", "旁白", "朗读"}}},
    {"scene",
     "the weather, sky or scenery",
     {{"weather", "make it rain", "rain", "snow", "sunny", "the sky", "daytime", "night time",
       "nighttime", "green screen", "greenscreen"},
      {"天气", "下雨", "下雪", "天空", "抠图", "换背景", "背景换"}}}};
const std::initializer_list<Unsupported> unsupported_after_background = {
    {"style",
     "a visual style or filter",
     {{"anime", "cartoon", "ghibli", "style transfer", "oil painting", "watercolor", "sketch",
       "pixar", "3d style", "filter", "filters", "color grade", "colour grade", "color grading",
       "sepia", "black and white", "vintage", "lut"},
      {"卡通", "动漫", "滤镜", "调色", "风格化", "黑白"}}},
    {"speed",
     "slow motion or reversed playback",
     {{"slow motion", "slow mo", "slo mo", "slowmo", "reverse", "reversed", "rewind", "speed ramp",
       "time lapse", "timelapse", "hyperlapse"},
      {"慢动作", "倒放", "快进"}}},
    {"enhance",
     "enhance or upscale",
     {{"upscale", "upscaling", "enhance", "sharpen", "denoise", "stabilize", "stabilise", "restore",
       "remove noise"},
      {"画质增强", "超分", "防抖", "降噪"}}},
    {"overlay",
     "logos, stickers or emoji",
     {{"logo", "sticker", "stickers", "emoji", "emojis", "watermark", "gif overlay", "lower third"},
      {"贴纸", "水印", "表情"}}},
    {"speech",
     "automatic captions from speech",
     {{"transcribe", "auto captions", "auto subtitles", "automatic captions", "automatic subtitles",
       "speech to text", "generate captions", "generate subtitles"},
      {"识别字幕", "自动字幕", "语音识别"}}},
    {"music_gen",
     "music generation",
     {{"compose", "generate music", "generate a song", "create music", "write a song", "make music",
       "ai music"},
      {"生成音乐", "作曲"}}},
    {"object",
     "face swap or avatars",
     {{"face swap", "faceswap", "deepfake", "swap faces", "change the face", "avatar",
       "talking head"},
      {"换脸", "数字人"}}}};
const WordList background_not_scene = {{"music", "track", "song", "audio", "sound", "tune"}, {}};
const WordList background_edit = {{"remove", "change", "replace", "swap", "erase", "delete"}, {}};
const WordList add_object_verb = {{"add", "insert", "include", "put", "place", "draw", "show"},
                                  {"加一个", "加一只", "加一条", "加一些", "添加一个", "添加一只",
                                   "添加一条", "加个", "加只", "加条", "加上一个", "加上一只"}};
const WordList add_object_article = {{"a", "an", "some", "the"}, {}};
const WordList add_object_needs_article = {{"include", "show", "put", "place"}, {}};
const WordList addable = {
    {"title",      "titles",     "caption",     "captions",   "subtitle", "subtitles", "text",
     "music",      "song",       "songs",       "soundtrack", "bgm",      "audio",     "sound",
     "background", "transition", "transitions", "fade",       "fades",    "fading",    "crossfade",
     "crossfades", "cross",      "dissolve",    "dissolves",  "wipe",     "wipes",     "slide",
     "slides",     "zoom",       "zooms",       "pan",        "pans",     "panning",   "motion",
     "movement",   "animation",  "animations",  "ken",        "kenburns", "photo",     "photos",
     "picture",    "pictures",   "image",       "images",     "pic",      "pics",      "clip",
     "clips",      "video",      "videos",      "file",       "files",    "media",     "more",
     "my",         "the",        "this",        "these",      "those",    "it",        "them",
     "all",        "new",        "other",       "remaining",  "rest",     "few",       "little",
     "bit",        "blur",       "blurred",     "border",     "borders",  "black",     "bars",
     "letterbox",  "padding",    "effect",      "effects",    "some",     "smooth",    "gentle",
     "subtle",     "slow",       "fast",        "quick",      "short",    "long",      "nice",
     "cool",       "simple",     "your",        "our",        "one",      "second",    "seconds",
     "to",         "in",         "on",          "at",         "a",        "an",        "title's",
     "script",     "captions'",  "intro",       "outro",      "ending",   "end",       "beginning",
     "start",      "extra",      "another",     "back",       "volume"},
    {"标题", "字幕", "音乐", "配乐", "转场", "照片", "图片", "视频", "文字", "动画", "歌"}};
const WordList dragon = {{}, {"龙"}};

}  // namespace nemo::agent::prompt::words
