// The transition catalogue drawn by the compositor: every name of
// protocol/looks.hpp has a look; each starts on the outgoing visual, ends on
// the incoming one, and moves the way its name says.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/transition.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "protocol/looks.hpp"
#include "render/compositor.hpp"
#include "render/transition_catalogue.hpp"
#include "render/transition_mask.hpp"
#include "render_test_util.hpp"

namespace nemo::render {
namespace {

using T = Transition::Type;

double mean_y(const YuvRef &img, int x0, int y0, int x1, int y1) {
  double sum = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) sum += img.p[0].row(y)[x];
  return sum / ((x1 - x0) * (y1 - y0));
}

TEST(TransitionCatalogue, EveryProtocolNameHasItsOwnLook) {
  std::map<T, std::string> seen;
  for (const auto name : protocol::transition_names()) {
    T type = T::None;
    ASSERT_TRUE(transition_from_name(name, type)) << name;
    EXPECT_NE(type, T::None) << name;
    EXPECT_EQ(transition_look(type).name, name);
    EXPECT_TRUE(seen.emplace(type, std::string(name)).second) << name << " shares a type";
  }
  EXPECT_EQ(transition_catalogue().size(), protocol::transition_names().size());
  T type = T::Fade;
  EXPECT_TRUE(transition_from_name("none", type));
  EXPECT_EQ(type, T::None);
  EXPECT_TRUE(transition_from_name("wipe", type));
  EXPECT_EQ(type, T::WipeRight);
  EXPECT_FALSE(transition_from_name("sparkle", type));
}

TEST(TransitionMask, NothingAtTheStartEverythingAtTheEndMoreAndMoreBetween) {
  for (const TransitionLook &look : transition_catalogue()) {
    if (look.family != TransitionFamily::Mask) continue;
    YuvImage a(64, 36), b(64, 36);
    TransitionMask mask;
    mask.build(look.type, 64, 36);
    double last = -1;
    for (int step = 0; step <= 10; ++step) {
      a.fill_black();
      const YuvRef in = b.ref();
      for (int i = 0; i < 3; ++i)
        for (int y = 0; y < in.p[i].height; ++y)
          std::fill(in.p[i].row(y), in.p[i].row(y) + in.p[i].width, std::uint8_t{200});
      mask.apply(a.ref(), in, step / 10.0);
      const double m = mean_y(a.ref(), 0, 0, 64, 36);
      if (step == 0) {
        EXPECT_DOUBLE_EQ(m, kBlackY) << look.name;
      }
      if (step == 10) {
        EXPECT_DOUBLE_EQ(m, 200) << look.name;
      }
      if (step == 5) {
        EXPECT_GT(m, kBlackY + 20) << look.name;
        EXPECT_LT(m, 200 - 20) << look.name;
      }
      EXPECT_GE(m, last) << look.name << " step " << step;
      last = m;
    }
  }
}

class TransitionRender : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::have_ffmpeg()) GTEST_SKIP() << "the ffmpeg CLI is needed to make the inputs";
    // The outgoing: a horizontal ramp (so a move shows), the incoming: a vertical one, lighter.
    ramp_a = dir.file("a.png");
    ramp_b = dir.file("b.png");
    ASSERT_TRUE(
        test::ffmpeg("-f lavfi -i color=c=black:s=192x108:d=1 -vf "
                     "\"geq=lum='40+X*100/W':cb=128:cr=128\" -frames:v 1 '" +
                     ramp_a + "'"));
    ASSERT_TRUE(
        test::ffmpeg("-f lavfi -i color=c=black:s=192x108:d=1 -vf "
                     "\"geq=lum='150+Y*80/H':cb=128:cr=128\" -frames:v 1 '" +
                     ramp_b + "'"));
  }
  // a shows 0-1000 ms, b 400-1400: the transition is 400-1000 ms (frames 12-30 at 30 fps).
  RenderSpec spec_for(T type) const {
    RenderSpec spec;
    spec.canvas = Canvas{192, 108, 30};
    spec.duration_ms = 1400;
    VisualClip a;
    a.path = ramp_a;
    a.start_ms = 0;
    a.end_ms = 1000;
    a.transition_out = Transition{type, 600};
    VisualClip b = a;
    b.path = ramp_b;
    b.start_ms = 400;
    b.end_ms = 1400;
    b.transition_out = Transition{};
    spec.visuals = {a, b};
    return spec;
  }
  // Frames 0..41 of the spec, Y planes.
  std::vector<YuvImage> frames(T type) const {
    const RenderSpec spec = spec_for(type);
    Compositor c(spec);
    EXPECT_FALSE(c.prepare());
    std::vector<YuvImage> out;
    for (std::int64_t n = 0; n < c.frame_count(); ++n) {
      out.emplace_back(192, 108);
      EXPECT_FALSE(c.render(n, out.back().ref())) << n;
    }
    return out;
  }
  test::TempDir dir;
  std::string ramp_a, ramp_b;
};

TEST_F(TransitionRender, EveryLookStartsOnTheOutgoingAndEndsOnTheIncoming) {
  for (const TransitionLook &look : transition_catalogue()) {
    auto f = frames(look.type);
    ASSERT_EQ(f.size(), 42u);
    const double a = mean_y(f[5].ref(), 0, 0, 192, 108);
    const double b = mean_y(f[38].ref(), 0, 0, 192, 108);
    EXPECT_NEAR(mean_y(f[12].ref(), 0, 0, 192, 108), a, 1.5) << look.name;
    EXPECT_NEAR(mean_y(f[30].ref(), 0, 0, 192, 108), b, 1.5) << look.name;
    const double mid = mean_y(f[21].ref(), 0, 0, 192, 108);
    if (look.type == T::FadeBlack) {
      EXPECT_LT(mid, a - 30) << look.name << ": dark in the middle";
    } else if (look.type == T::FadeWhite) {
      EXPECT_GT(mid, b + 30) << look.name << ": bright in the middle";
    } else {
      EXPECT_GT(mid, a + 10) << look.name << ": something of the incoming at the middle";
      EXPECT_LT(mid, b - 10) << look.name << ": something of the outgoing at the middle";
    }
  }
}

// Where the incoming shows first, as the name says: the region that is the
// incoming's early, and the one still the outgoing's.
struct Region {
  int x0, y0, x1, y1;
};
const Region kLeft{0, 30, 40, 78}, kRight{152, 30, 192, 78}, kTop{70, 0, 122, 20},
    kBottom{70, 88, 122, 108}, kCentre{80, 44, 112, 64}, kCorner{0, 0, 24, 16},
    kTopLeft{0, 0, 40, 24}, kBottomRight{152, 84, 192, 108}, kTopRight{152, 0, 192, 24},
    kBottomLeft{0, 84, 40, 108}, kMiddleRow{70, 48, 122, 60}, kMiddleColumn{88, 30, 104, 78};

TEST_F(TransitionRender, EachLookMovesTheWayItsNameSays) {
  struct Expect {
    T type;
    Region incoming, outgoing;
  };
  const Expect cases[] = {
      {T::WipeLeft, kRight, kLeft},        {T::WipeRight, kLeft, kRight},
      {T::WipeUp, kBottom, kTop},          {T::WipeDown, kTop, kBottom},
      {T::SmoothLeft, kRight, kLeft},      {T::SmoothRight, kLeft, kRight},
      {T::SmoothUp, kBottom, kTop},        {T::SmoothDown, kTop, kBottom},
      {T::SlideLeft, kRight, kLeft},       {T::SlideRight, kLeft, kRight},
      {T::SlideUp, kBottom, kTop},         {T::SlideDown, kTop, kBottom},
      {T::CoverLeft, kRight, kLeft},       {T::CoverRight, kLeft, kRight},
      {T::RevealLeft, kRight, kLeft},      {T::RevealRight, kLeft, kRight},
      {T::CircleOpen, kCentre, kCorner},   {T::CircleClose, kCorner, kCentre},
      {T::HorzOpen, kMiddleRow, kTop},     {T::HorzClose, kTop, kMiddleRow},
      {T::VertOpen, kMiddleColumn, kLeft}, {T::VertClose, kLeft, kMiddleColumn},
      {T::DiagTL, kTopLeft, kBottomRight}, {T::DiagTR, kTopRight, kBottomLeft},
      {T::DiagBL, kBottomLeft, kTopRight}, {T::DiagBR, kBottomRight, kTopLeft},
      {T::Radial, kTopRight, kBottomLeft},
  };
  for (const Expect &c : cases) {
    auto f = frames(c.type);
    YuvImage &before = f[5], &after = f[38];
    YuvImage &early = f[c.type == T::Radial ? 17 : 19];  // about a third in
    const auto mean = [](YuvImage &x, const Region &r) {
      return mean_y(x.ref(), r.x0, r.y0, r.x1, r.y1);
    };
    const auto near = [&](YuvImage &x, YuvImage &ref, const Region &r) {
      return std::abs(mean(x, r) - mean(ref, r));
    };
    const char *name = transition_look(c.type).name.data();
    const TransitionFamily family = transition_look(c.type).family;
    // How far each region has gone from the outgoing's picture to the incoming's.
    const auto progress = [&](const Region &r) {
      return (mean(early, r) - mean(before, r)) / (mean(after, r) - mean(before, r));
    };
    EXPECT_GT(progress(c.incoming), progress(c.outgoing) + 0.4)
        << name << ": the incoming shows first where the name says";
    EXPECT_GT(progress(c.incoming), 0.5) << name;
    EXPECT_LT(progress(c.outgoing), 0.3) << name;
    if (family == TransitionFamily::Mask || family == TransitionFamily::Cover) {
      EXPECT_LT(near(early, before, c.outgoing), 6) << name << ": the outgoing still there, still";
    } else {
      EXPECT_LT(mean(early, c.outgoing), 145)
          << name << ": the (darker) outgoing still shows there";
    }
    if (family == TransitionFamily::Push || family == TransitionFamily::Reveal) {
      if (c.type != T::SlideUp && c.type != T::SlideDown) {
        EXPECT_GT(near(early, before, c.outgoing), 4) << name << ": the outgoing moves";
      }
    }
    if (family == TransitionFamily::Push || family == TransitionFamily::Cover) {
      if (c.type == T::SlideUp || c.type == T::SlideDown) {
        EXPECT_GT(near(early, after, c.incoming), 4) << name << ": the incoming moves";
      }
    }
  }
}

TEST(Pixelate, BlocksAreFlatAndKeepTheMean) {
  YuvImage img(32, 16);
  const YuvRef r = img.ref();
  for (int i = 0; i < 3; ++i)
    for (int y = 0; y < r.p[i].height; ++y)
      for (int x = 0; x < r.p[i].width; ++x)
        r.p[i].row(y)[x] = static_cast<std::uint8_t>(x * 7 + y);
  const double before = mean_y(r, 0, 0, 32, 16);
  pixelate(r, 8);
  EXPECT_NEAR(mean_y(r, 0, 0, 32, 16), before, 0.6);
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 8; ++x) EXPECT_EQ(r.p[0].row(y)[x], r.p[0].row(0)[0]);
  EXPECT_NE(r.p[0].row(0)[0], r.p[0].row(0)[8]);
}

TEST(BlendToward, ReachesTheColour) {
  YuvImage img(8, 8);
  img.fill_black();
  blend_toward(img.ref(), kWhiteY, kNeutralC, kNeutralC, 256);
  EXPECT_EQ(img.ref().p[0].row(3)[3], kWhiteY);
  img.fill_black();
  blend_toward(img.ref(), kWhiteY, kNeutralC, kNeutralC, 128);
  EXPECT_NEAR(img.ref().p[0].row(3)[3], (kBlackY + kWhiteY) / 2.0, 1.0);
}

}  // namespace
}  // namespace nemo::render
