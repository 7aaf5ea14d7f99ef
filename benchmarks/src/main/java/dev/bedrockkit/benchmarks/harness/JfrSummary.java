package dev.bedrockkit.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time and allocations of a JFR recording go, for stacks that pass through a marker
 * method (e.g. {@code DefaultBedrockKit.chat}): inclusive CPU samples per method (each method
 * counted once per stack) and allocation weight per allocating frame. async-profiler is not
 * available on these machines; JFR is. Usage: {@code JfrSummary file.jfr [marker] [top]}.
 */
public final class JfrSummary {
  private JfrSummary() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    String marker = args.length > 1 ? args[1] : "dev.bedrockkit.internal.DefaultBedrockKit.chat";
    int top = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> self = new HashMap<>();
    Map<String, Long> alloc = new HashMap<>();
    int samples = 0;
    int marked = 0;
    long allocTotal = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      String type = e.getEventType().getName();
      boolean cpu = type.equals("jdk.ExecutionSample");
      boolean allocation = type.equals("jdk.ObjectAllocationSample");
      if (!cpu && !allocation) {
        continue;
      }
      RecordedStackTrace st = e.getStackTrace();
      if (st == null) {
        continue;
      }
      List<RecordedFrame> frames = st.getFrames();
      boolean hasMarker = false;
      for (RecordedFrame f : frames) {
        if (name(f).equals(marker)) {
          hasMarker = true;
          break;
        }
      }
      if (cpu) {
        samples++;
      }
      if (!hasMarker) {
        continue;
      }
      if (cpu) {
        marked++;
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : frames) {
          String n = name(f);
          if (seen.add(n)) {
            inclusive.merge(n, 1, Integer::sum);
          }
        }
        self.merge(name(frames.get(0)), 1, Integer::sum);
      } else {
        long w = e.getLong("weight");
        allocTotal += w;
        // attribute to the deepest bedrock-kit frame, else the top frame
        String at = name(frames.get(0));
        for (RecordedFrame f : frames) {
          if (name(f).startsWith("dev.bedrockkit.internal") || name(f).startsWith("dev.bedrockkit.")) {
            at = name(f) + " (line " + f.getLineNumber() + ")";
            break;
          }
        }
        alloc.merge(at, w, Long::sum);
      }
    }
    System.out.println("CPU samples: " + samples + ", through " + marker + ": " + marked);
    System.out.println("\n-- inclusive samples (share of marked) --");
    print(inclusive, marked, top);
    System.out.println("\n-- self samples --");
    print(self, marked, top);
    System.out.println("\n-- allocation weight by first bedrock-kit frame (MB) --");
    long allocSum = allocTotal;
    alloc.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(en -> System.out.printf("%8.1f MB %5.1f%%  %s%n", en.getValue() / 1e6,
            100.0 * en.getValue() / Math.max(1, allocSum), en.getKey()));
  }

  private static void print(Map<String, Integer> m, int total, int top) {
    m.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(en -> System.out.printf("%6d %5.1f%%  %s%n", en.getValue(),
            100.0 * en.getValue() / Math.max(1, total), en.getKey()));
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }
}
