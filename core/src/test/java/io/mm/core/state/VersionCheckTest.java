package io.mm.core.state;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class VersionCheckTest {
    @Test
    void aVersionThisBuildReadsPasses() {
        assertThatCode(() -> VersionCheck.check("StagedRangeSerializer", "version", 1, 1)).doesNotThrowAnyException();
        assertThatCode(() -> VersionCheck.check("BookStateSerializer.Snapshot", "snapshot version", 3, 3, 4)).doesNotThrowAnyException();
    }

    @Test
    void anyOtherFailsNamingTheSerializerTheVersionFoundAndTheOnesRead() {
        assertThatThrownBy(() -> VersionCheck.check("StagedRangeSerializer", "version", 2, 1)).isInstanceOf(IOException.class)
                .hasMessage("StagedRangeSerializer cannot read version 2: this build reads version 1 (state written by a newer build?)");
        assertThatThrownBy(() -> VersionCheck.check("BookStateSerializer.Snapshot", "snapshot version", 99, 3, 4))
                .hasMessage("BookStateSerializer.Snapshot cannot read snapshot version 99: this build reads snapshot versions 3, 4 "
                        + "(state written by a newer build?)");
    }
}
