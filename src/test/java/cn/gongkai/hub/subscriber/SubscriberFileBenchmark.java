package cn.gongkai.hub.subscriber;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Rough timing of reading a 100,000-row import file; not a unit test, nothing asserts on time.
 *
 * <p>For each file made by {@link SubscriberFiles} (CSV in UTF-8 with a BOM and in GBK, .xlsx with inline strings and
 * number cells as SXSSF writes it, .xlsx with a shared-strings table as Excel writes it) it times, after one warm-up,
 * three rounds each of: reading every row ({@link SubscriberFileReader}), and reading plus {@link SubscriberRows#check}
 * plus {@link DuplicateCheck} (everything of an import but the store). It prints the best round and the heap's
 * peak use during the last round of each file.
 *
 * <pre>
 * ./mvnw -o -q test-compile
 * java -Xmx512m -cp target/classes:target/test-classes:$(cat cp.txt) cn.gongkai.hub.subscriber.SubscriberFileBenchmark [rows]
 * </pre>
 * where {@code cp.txt} comes from {@code ./mvnw -o -q dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test}.
 */
public final class SubscriberFileBenchmark {
    private static final int ROUNDS = 3;
    private static long sink;

    public static void main(String[] args) throws IOException {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("subscriber-bench");
        try {
            System.out.printf("%,d rows, max heap %d MB, %d cores%n", rows, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
            List<Path> files = new ArrayList<>();
            files.add(timeWriting("csv utf-8 bom", () -> SubscriberFiles.csv(dir.resolve("utf8.csv"), rows, SubscriberFiles.Encoding.UTF8_BOM, false)));
            files.add(timeWriting("csv gbk", () -> SubscriberFiles.csv(dir.resolve("gbk.csv"), rows, SubscriberFiles.Encoding.GBK, true)));
            files.add(timeWriting("xlsx inline, numbers", () -> SubscriberFiles.xlsx(dir.resolve("inline.xlsx"), rows, true, false)));
            files.add(timeWriting("xlsx shared strings", () -> SubscriberFiles.xlsx(dir.resolve("shared.xlsx"), rows, false, true)));
            for (Path file : files) {
                read(file, false);
                long best = Long.MAX_VALUE;
                long bestChecked = Long.MAX_VALUE;
                long peak = 0;
                for (int r = 0; r < ROUNDS; r++) {
                    best = Math.min(best, read(file, false));
                    resetPeaks();
                    bestChecked = Math.min(bestChecked, read(file, true));
                    peak = peakHeap();
                }
                System.out.printf("%-22s %6.1f MB  read %5d ms (%,9.0f rows/s)   read+check+duplicates %5d ms (%,9.0f rows/s)   peak heap %4d MB%n",
                        file.getFileName(), Files.size(file) / 1e6, best, rows * 1000.0 / best, bestChecked, rows * 1000.0 / bestChecked, peak >> 20);
            }
            System.out.println(sink == 42 ? "" : "done");
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private interface Make {
        Path make() throws IOException;
    }

    private static Path timeWriting(String what, Make make) throws IOException {
        long start = System.nanoTime();
        Path file = make.make();
        System.out.printf("made %-22s in %5d ms%n", what, (System.nanoTime() - start) / 1_000_000);
        return file;
    }

    /** Milliseconds to read (and check) every row of {@code file}. */
    private static long read(Path file, boolean check) throws IOException {
        long start = System.nanoTime();
        DuplicateCheck duplicates = new DuplicateCheck(300_000);
        try (SubscriberFileReader reader = SubscriberFileReader.open(file, file.getFileName().toString())) {
            for (Optional<RawRow> row = reader.next(); row.isPresent(); row = reader.next()) {
                if (check) {
                    SubscriberRows.Checked checked = SubscriberRows.check(row.get(), SubscriberFiles.DIMENSIONS);
                    if (!checked.ok() || !duplicates.check(checked.row(), checked.input()).isEmpty()) {
                        throw new IllegalStateException("generated row refused: " + checked);
                    }
                }
                sink += row.get().row();
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of the heap pools' peaks: an upper bound of what was live at once, since pools peak at different times. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
