package org.actionrec.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.actionrec.SharedData;
import org.junit.jupiter.api.Test;

class GroupIdsTest {

    @Test
    void ucf101SampleGroupIdsComeFromTheGPart() {
        VideoDataset d = FolderPerClassDataset.load(SharedData.ucf101Sample());
        Pattern name = Pattern.compile("v_(\\w+)_g(\\d\\d)_c\\d\\d\\.avi");
        assertThat(d.clips()).hasSize(20).allSatisfy(c -> {
            Matcher m = name.matcher(c.fileName());
            assertThat(m.matches()).as(c.fileName()).isTrue();
            assertThat(c.group()).isEqualTo("g" + m.group(2));
        });
        assertThat(d.clips()).extracting(VideoClip::group).contains("g01", "g03", "g06");
    }

    @Test
    void ucfNamesGiveTheirGroup() {
        assertThat(GroupIds.of("v_ApplyEyeMakeup_g08_c01.avi", "ApplyEyeMakeup")).isEqualTo("g08");
        // The folder and file spell this UCF101 class differently.
        assertThat(GroupIds.of("v_HandStandPushups_g25_c04.avi", "HandstandPushups")).isEqualTo("g25");
        assertThat(GroupIds.of("v_BaseballPitch_g01_c01.avi", "BaseballPitch")).isEqualTo("g01");
        assertThat(GroupIds.of("v_shooting_07_02.avi", "basketball")).isEqualTo("g07");
    }

    @Test
    void hmdbNamesGiveTheSourceVideoCutAtTheLastClassMarker() {
        assertThat(GroupIds.of("Aussie_Brunette_Brushing_Long_Hair_brush_hair_u_nm_np1_ba_med_3.avi", "brush_hair"))
                .isEqualTo("Aussie_Brunette_Brushing_Long_Hair");
        // The class word also occurs inside the source title: the last occurrence is the class field.
        assertThat(GroupIds.of("Lets_walk_home_walk_f_cm_np1_fr_med_2.avi", "walk")).isEqualTo("Lets_walk_home");
        assertThat(GroupIds.of("Trannydude___Brushing_SyntheticHair___OhNOES!__those_fukin_knots!_brush_hair_u_nm_np1_fr_goo_0.avi",
                "brush_hair")).isEqualTo("Trannydude___Brushing_SyntheticHair___OhNOES!__those_fukin_knots!");
    }

    @Test
    void otherNamesFallBackToTheWholeStem() {
        assertThat(GroupIds.of("holiday clip.mp4", "wave")).isEqualTo("holiday clip");
        assertThat(GroupIds.of("wave_f_0.avi", "wave")).isEqualTo("wave_f_0");
        assertThat(GroupIds.of("noext", "wave")).isEqualTo("noext");
    }

    @Test
    void deriveSaysWhichConventionMatched() {
        assertThat(GroupIds.derive("v_ApplyEyeMakeup_g08_c01.avi", "ApplyEyeMakeup"))
                .isEqualTo(new GroupIds.Group("g08", GroupIds.Source.UCF101));
        assertThat(GroupIds.derive("v_shooting_07_02.avi", "basketball"))
                .isEqualTo(new GroupIds.Group("g07", GroupIds.Source.UCF11));
        assertThat(GroupIds.derive("Lets_walk_home_walk_f_cm_np1_fr_med_2.avi", "walk"))
                .isEqualTo(new GroupIds.Group("Lets_walk_home", GroupIds.Source.HMDB));
        assertThat(GroupIds.derive("wave_f_0.avi", "wave")).isEqualTo(new GroupIds.Group("wave_f_0", GroupIds.Source.NONE));
        assertThat(GroupIds.matchesConvention("holiday clip.mp4", "wave")).isFalse();
        assertThat(GroupIds.matchesConvention("v_Run_g01_c01.avi", "Run")).isTrue();
    }
}
