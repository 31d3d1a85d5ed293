// The prompt parser's vocabulary, as data: for each thing a prompt can ask
// for, the English phrases (lower case, words separated by single spaces,
// matched as whole words) and the Chinese ones (matched as substrings) side
// by side. The parse functions (prompt_slots.hpp) decide how a list is
// matched (any mention, positive only, the last one...).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <initializer_list>
#include <string_view>

namespace nemo::agent::prompt {

struct WordList {
  std::initializer_list<std::string_view> en;
  std::initializer_list<std::string_view> zh;
};

namespace words {

// Negation: a word that negates the phrase after it (en; up to 4 words back),
// or a Chinese negation shortly before one (zh). negation_stop: the English
// words that end a negation's reach ("no titles but music").
extern const WordList negation;
extern const WordList negation_stop;

// Script and video words, and the markers that start a script.
extern const WordList script_word;
extern const WordList video_word;
extern const WordList script_marker;
extern const WordList title_lead;    // "title: Summer" is a title, not a script
extern const WordList caption_lead;  // a quote after these is a caption

// Scope.
extern const WordList create;
extern const WordList single_picture;
extern const WordList plural_pictures;  // "these photos": not a single picture
extern const WordList add_media;
extern const WordList media_kind;  // "add photos"
extern const WordList add_verb;    // before a media kind

// Lengths.
extern const WordList fade;
extern const WordList transition_word;  // a length right after or before one is a transition's
extern const WordList picture_word;     // "3 seconds a photo"
extern const WordList per;              // "3 seconds per photo"
extern const WordList shorter;
extern const WordList longer;

// Canvas.
extern const WordList photo_noun;  // "portrait photos" is no aspect
extern const WordList portrait;
extern const WordList landscape;
extern const WordList square;
extern const WordList res_720;
extern const WordList res_1080;
extern const WordList fps_unit;

// Transitions.
extern const WordList transition_noun;
extern const WordList fade_transition;
extern const WordList not_a_fade_transition_next;  // "fade in/out/away"
extern const WordList not_a_fade_transition_prev;  // "music fade"
extern const WordList dissolve;
extern const WordList wipe;
extern const WordList slide;
extern const WordList zoom_transition;
extern const WordList hard_cut;
extern const WordList transition_negatable;  // "no fades": no transitions
extern const WordList smooth;

// Pace.
extern const WordList slow_motion;
extern const WordList motion_word;  // "zoom out slowly": a pace word next to one sets the strength
extern const WordList slow;
extern const WordList fast;
extern const WordList slow_pace;
extern const WordList fast_pace;
extern const WordList normal_pace;

// Motion.
extern const WordList animate;
extern const WordList ken_burns;
extern const WordList zoom_in;
extern const WordList zoom_in_not;  // "zoom" in these is no zoom-in
extern const WordList zoom_out;
extern const WordList pan_left;
extern const WordList pan_up;
extern const WordList pan_down;
extern const WordList pan_right;  // the generic "pan" too, so tried last
extern const WordList drift;
extern const WordList still;
extern const WordList subtle;
extern const WordList strong;
extern const WordList scene_lead;     // "video of ..."
extern const WordList scene_nothing;  // words that describe no scene

// Fit.
extern const WordList blur;
extern const WordList pad;
extern const WordList crop_negatable;  // "don't crop": pad
extern const WordList crop;

// Titles and captions.
extern const WordList title_word;
extern const WordList title_stop;    // "titled Summer with music": the title ends before these
extern const WordList zh_title_sep;  // 标题：, 标题为...
extern const WordList caption_word;
extern const WordList captions_negatable;

// Music.
extern const WordList music;
// Cuts on the music's beat ("cut on the beat", 卡点), and the length of the
// music ("as long as the song").
extern const WordList beat_sync;
extern const WordList beat_cut;     // "cut on the beat": "cut" is not a negation here
extern const WordList beat_ignore;  // "ignore the beat": beat sync off
extern const WordList fit_music;
extern const WordList silent;
extern const WordList no_audio;  // silent, the clips' sound too
extern const WordList music_context;
extern const WordList clip_sound_word;  // "50% for the clips"
extern const WordList clip_sound_word_after;
extern const WordList quieter;
extern const WordList quieter_music;  // only with a music word
extern const WordList louder;
extern const WordList louder_music;
extern const WordList fade_in;
extern const WordList fade_out;
extern const WordList fade_in_out;  // 淡入淡出: a transition, not the music's fades
extern const WordList fade_in_music;
extern const WordList mute_clips;
extern const WordList keep_clip_sound;

// Unsupported asks. Checked in this order: the resolutions, the asks before
// the background check, the background ("remove the background": a scene), the
// asks after it; one ask a code.
struct Resolution {
  std::string_view word, shown;
};
extern const std::initializer_list<Resolution> resolution;
struct Unsupported {
  std::string_view code;  // UnsupportedAsk::code
  std::string_view what;  // UnsupportedAsk::what
  WordList words;
};
extern const std::initializer_list<Unsupported> unsupported_before_background;
extern const std::initializer_list<Unsupported> unsupported_after_background;
extern const WordList background_not_scene;  // "background music"
extern const WordList background_edit;       // "remove the background"
extern const WordList add_object_verb;       // "add a dragon"
extern const WordList add_object_article;
extern const WordList add_object_needs_article;  // "show a dragon", not "show it"
extern const WordList addable;                   // what "add" may add: no unsupported object
extern const WordList dragon;                    // 龙, alone

}  // namespace words
}  // namespace nemo::agent::prompt
