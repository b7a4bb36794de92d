package dev.cairn.datastore.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.datastore.ArtifactRef;
import dev.cairn.datastore.ArtifactStore;
import dev.cairn.datastore.FlowDatastore;
import dev.cairn.datastore.codec.ArrowCodec;
import dev.cairn.datastore.codec.Codecs;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Numbers on S3 are written and read a block at a time as on local disk, though S3's objects are streams, not
 * files: through the staged object's stream and the object's stream, checked against the address at the end.
 */
class S3ArrowArtifactsTest {
    private static final S3Proxy s3 = S3Proxy.shared();

    @SuppressWarnings("unused") // its declared type is the artifact's
    private double[] values;

    @Test
    void anArrayOfSeveralBlocksComesBackEqualFromS3() throws Exception {
        ArtifactStore store = new ArtifactStore(
                new FlowDatastore(new S3ObjectStore(s3.client(), s3.newBucket(), "cairn"), "p", "b", "F").blobs(),
                Codecs.discover(getClass().getClassLoader()));
        double[] values = new Random(4).doubles(400_000).toArray(); // 3.2 MB: several 1 MB blocks
        var type = getClass().getDeclaredField("values").getGenericType();

        ArtifactRef ref = store.write("values", values, type);

        assertEquals(ArrowCodec.ID, ref.codec());
        assertArrayEquals(values, (double[]) store.read(ref, double[].class).value());
    }
}
