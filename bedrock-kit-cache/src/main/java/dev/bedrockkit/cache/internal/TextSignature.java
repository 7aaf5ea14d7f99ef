package dev.bedrockkit.cache.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Internal: the parts of a question that embeddings blur but that change the answer, extracted
 * with plain lexical rules so that two texts with the same meaning vector but different numbers,
 * negation, names, units, dates or opposite verbs are never treated as the same question.
 *
 * <p>Each guard compares one feature; {@link #conflict} names the first that differs:
 *
 * <ul>
 *   <li>{@code numbers}: digits, number words and arithmetic operators, in order ({@code 2+2} vs
 *       {@code 2+3}, {@code order 1234} vs {@code 1235}, {@code 10-3} vs {@code 3-10});
 *   <li>{@code units}: units and currencies, and which number each one belongs to ({@code 5 km
 *       to miles} vs {@code 5 miles to km});
 *   <li>{@code negation}: how many negations ({@code not}, {@code n't}, {@code never}, {@code
 *       without}, {@code unable}...);
 *   <li>{@code entities}: names (capitalised words inside a sentence, acronyms, camelCase), in
 *       order ({@code Paris} vs {@code London}, {@code from Boston to Denver} vs the reverse);
 *   <li>{@code dates}: weekdays, months and relative times ({@code today} vs {@code tomorrow},
 *       {@code next week} vs {@code this week});
 *   <li>{@code opposites}: words from one group of alternatives with different meanings ({@code
 *       enable}/{@code disable}, {@code buy}/{@code sell}, {@code before}/{@code after}, {@code
 *       turn on}/{@code turn off}), and words that differ only by an opposing prefix ({@code
 *       lock}/{@code unlock}, {@code import}/{@code export}).
 * </ul>
 *
 * The rules err on the side of refusing: a paraphrase that spells a number differently ({@code 25}
 * vs {@code twenty five}) is a miss, never a wrong answer. Lower-case names ({@code paris} vs
 * {@code rome}) are left to the similarity threshold.
 *
 * <p>Immutable and thread-safe.
 */
public final class TextSignature {
  private final List<String> numbers;
  private final Map<String, Integer> quantities;
  private final Map<String, Integer> units;
  private final int negations;
  private final List<String> entities;
  private final Map<String, Integer> temporal;
  private final Map<String, Set<String>> opposites;
  private final Set<String> words;

  private TextSignature(
      List<String> numbers,
      Map<String, Integer> quantities,
      Map<String, Integer> units,
      int negations,
      List<String> entities,
      Map<String, Integer> temporal,
      Map<String, Set<String>> opposites,
      Set<String> words) {
    this.numbers = numbers;
    this.quantities = quantities;
    this.units = units;
    this.negations = negations;
    this.entities = entities;
    this.temporal = temporal;
    this.opposites = opposites;
    this.words = words;
  }

  /**
   * The name of the first guard on which this text and {@code other} differ ({@code numbers},
   * {@code units}, {@code negation}, {@code entities}, {@code dates}, {@code opposites}), or
   * {@code null} when none does.
   */
  public String conflict(TextSignature other) {
    if (!numbers.equals(other.numbers)) {
      return "numbers";
    }
    if (!quantities.equals(other.quantities) || !units.equals(other.units)) {
      return "units";
    }
    if (negations != other.negations) {
      return "negation";
    }
    if (!entities.equals(other.entities)) {
      return "entities";
    }
    if (!temporal.equals(other.temporal)) {
      return "dates";
    }
    for (Map.Entry<String, Set<String>> e : opposites.entrySet()) {
      Set<String> theirs = other.opposites.get(e.getKey());
      if (theirs != null && !theirs.equals(e.getValue())) {
        return "opposites";
      }
    }
    if (prefixOpposites(other)) {
      return "opposites";
    }
    return null;
  }

  List<String> numbers() {
    return numbers;
  }

  List<String> entities() {
    return entities;
  }

  int negations() {
    return negations;
  }

  /** Words of one text and not the other that differ only by an opposing prefix. */
  private boolean prefixOpposites(TextSignature other) {
    for (String mine : words) {
      if (other.words.contains(mine)) {
        continue;
      }
      String myStem = stem(mine);
      for (String theirs : other.words) {
        if (words.contains(theirs)) {
          continue;
        }
        if (mine.equals(withoutNegatingPrefix(theirs)) || theirs.equals(withoutNegatingPrefix(mine))) {
          return true;
        }
        String theirStem = stem(theirs);
        if (myStem != null && myStem.equals(theirStem)) {
          return true;
        }
        if (myStem != null && myStem.equals(theirs) || theirStem != null && theirStem.equals(mine)) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code unlock} -> {@code lock}: the word without a negating prefix, or null. */
  private static String withoutNegatingPrefix(String word) {
    for (String p : NEGATING_PREFIXES) {
      if (word.startsWith(p) && word.length() - p.length() >= 4) {
        return word.substring(p.length());
      }
    }
    return null;
  }

  /** {@code export} -> {@code port}, {@code decrypt} -> {@code crypt}: the stem after a prefix. */
  private static String stem(String word) {
    for (String p : SWAPPING_PREFIXES) {
      if (word.startsWith(p) && word.length() - p.length() >= 4) {
        return word.substring(p.length());
      }
    }
    return null;
  }

  // ------------------------------------------------------------------------------- extraction

  /** Extracts the signature of a text. */
  public static TextSignature of(String text) {
    List<Token> tokens = tokenize(normalize(text));
    List<String> numbers = new ArrayList<>();
    Map<String, Integer> quantities = new TreeMap<>();
    Map<String, Integer> units = new TreeMap<>();
    int negations = 0;
    LinkedHashSet<String> entities = new LinkedHashSet<>();
    Map<String, Integer> temporal = new TreeMap<>();
    Map<String, Set<String>> opposites = new TreeMap<>();
    Set<String> words = new HashSet<>();

    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      String lower = t.lower;
      switch (t.kind) {
        case NUMBER -> {
          numbers.add(t.number);
          if (t.unit != null) {
            addUnit(t.number, t.unit, quantities, units);
          } else {
            String unit = unitAfter(tokens, i);
            String currency = i > 0 ? currencySymbol(tokens.get(i - 1)) : null;
            if (unit != null) {
              addUnit(t.number, unit, quantities, units);
            } else if (currency != null) {
              addUnit(t.number, currency, quantities, units);
            }
          }
        }
        case SYMBOL -> {
          String op = OPERATORS.get(lower);
          if (op != null) {
            numbers.add(op);
          } else if (currencySymbol(t) != null && !nextIsNumber(tokens, i)) {
            increment(units, currencySymbol(t));
          }
        }
        case WORD -> {
          if (t.negated) {
            negations++;
          }
          if (NEGATIONS.contains(lower)) {
            negations++;
          }
          String number = NUMBER_WORDS.get(lower);
          if (number != null) {
            numbers.add(number);
            String unit = unitAfter(tokens, i);
            if (unit != null) {
              addUnit(number, unit, quantities, units);
            }
          }
          String op = WORD_OPERATORS.get(lower);
          if (op != null && (hasNumberBefore(tokens, i) || hasNumberAfter(tokens, i))) {
            numbers.add(op);
          }
          String unit = UNITS.get(lower);
          if (unit != null && !isBoundToNumber(tokens, i)) {
            increment(units, unit);
          }
          String time = temporal(tokens, i);
          if (time != null) {
            increment(temporal, time);
          }
          String phrase = i + 1 < tokens.size() ? lower + "_" + tokens.get(i + 1).lower : null;
          String[] meaning = phrase != null ? OPPOSITE_GROUPS.get(phrase) : null;
          if (meaning == null) {
            meaning = OPPOSITE_GROUPS.get(lower);
          }
          if (meaning != null) {
            opposites.computeIfAbsent(meaning[0], k -> new LinkedHashSet<>()).add(meaning[1]);
          }
          if (isEntity(t)) {
            entities.add(entityForm(lower));
          }
          if (!COMMON_WORDS.contains(lower) && lower.length() >= 4) {
            words.add(lower);
          }
        }
      }
    }
    return new TextSignature(
        List.copyOf(numbers),
        Map.copyOf(quantities),
        Map.copyOf(units),
        negations,
        List.copyOf(entities),
        Map.copyOf(temporal),
        Map.copyOf(opposites),
        Set.copyOf(words));
  }

  private static void addUnit(
      String number, String unit, Map<String, Integer> quantities, Map<String, Integer> units) {
    increment(quantities, number + "|" + unit);
    increment(units, unit);
  }

  private static void increment(Map<String, Integer> counts, String key) {
    counts.merge(key, 1, Integer::sum);
  }

  /** A unit in the next two tokens ("5 km", "30 degrees Celsius", "5 more km" is not). */
  private static String unitAfter(List<Token> tokens, int i) {
    for (int j = i + 1; j <= i + 2 && j < tokens.size(); j++) {
      Token next = tokens.get(j);
      if (next.kind != Kind.WORD) {
        if (next.kind == Kind.SYMBOL && "%".equals(next.lower)) {
          return "%";
        }
        return null;
      }
      String unit = UNITS.get(next.lower);
      if (unit == null && next.lower.length() <= 2) {
        unit = SHORT_UNITS.get(next.lower);
      }
      if (unit != null) {
        return unit;
      }
      if (!"degrees".equals(next.lower) && !"degree".equals(next.lower)) {
        return null;
      }
    }
    return null;
  }

  private static boolean isBoundToNumber(List<Token> tokens, int i) {
    for (int j = i - 1; j >= i - 2 && j >= 0; j--) {
      Token prev = tokens.get(j);
      if (prev.kind == Kind.NUMBER || NUMBER_WORDS.containsKey(prev.lower)) {
        return unitAfter(tokens, j) != null;
      }
      if (!"degrees".equals(prev.lower) && !"degree".equals(prev.lower)) {
        return false;
      }
    }
    return false;
  }

  private static boolean nextIsNumber(List<Token> tokens, int i) {
    return i + 1 < tokens.size() && tokens.get(i + 1).kind == Kind.NUMBER;
  }

  private static boolean hasNumberBefore(List<Token> tokens, int i) {
    if (i == 0) {
      return false;
    }
    Token prev = tokens.get(i - 1);
    return prev.kind == Kind.NUMBER || NUMBER_WORDS.containsKey(prev.lower);
  }

  private static boolean hasNumberAfter(List<Token> tokens, int i) {
    for (int j = i + 1; j <= i + 2 && j < tokens.size(); j++) {
      Token next = tokens.get(j);
      if (next.kind == Kind.NUMBER || NUMBER_WORDS.containsKey(next.lower)) {
        return true;
      }
      if (!"by".equals(next.lower)) {
        return false;
      }
    }
    return false;
  }

  private static String currencySymbol(Token t) {
    return t.kind == Kind.SYMBOL ? CURRENCY_SYMBOLS.get(t.lower) : null;
  }

  private static String temporal(List<Token> tokens, int i) {
    String w = tokens.get(i).lower;
    if (RELATIVE.contains(w) && i + 1 < tokens.size()) {
      String next = tokens.get(i + 1).lower;
      if (TIME_NOUNS.contains(next) || WEEKDAYS.contains(next)) {
        return w + " " + next;
      }
    }
    if (i > 0 && RELATIVE.contains(tokens.get(i - 1).lower)
        && (TIME_NOUNS.contains(w) || WEEKDAYS.contains(w))) {
      return null; // counted with its qualifier
    }
    if (DAY_WORDS.contains(w) || WEEKDAYS.contains(w) || MONTHS.contains(w)) {
      return w;
    }
    return null;
  }

  private static boolean isEntity(Token t) {
    String s = t.text;
    if (s.length() < 2 || s.equals("I")) {
      return false;
    }
    int upper = 0;
    int letters = 0;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (Character.isLetter(c)) {
        letters++;
        if (Character.isUpperCase(c)) {
          upper++;
        }
      }
    }
    if (upper == 0) {
      return false;
    }
    if (upper == letters && letters >= 2) {
      return !t.lower.equals("ok"); // acronym: AWS, USD, HTTP
    }
    boolean innerUpper = false;
    for (int k = 1; k < s.length(); k++) {
      if (Character.isUpperCase(s.charAt(k))) {
        innerUpper = true;
        break;
      }
    }
    if (innerUpper) {
      return true; // camelCase: iPhone, PayPal, JavaScript
    }
    if (!Character.isUpperCase(s.charAt(0))) {
      return false;
    }
    return !t.sentenceStart || !COMMON_WORDS.contains(t.lower);
  }

  private static String entityForm(String lower) {
    return lower.endsWith("'s") ? lower.substring(0, lower.length() - 2) : lower;
  }

  // ------------------------------------------------------------------------------- tokens

  private enum Kind {
    WORD,
    NUMBER,
    SYMBOL
  }

  private static final class Token {
    final Kind kind;
    final String text;
    final String lower;
    final boolean sentenceStart;
    boolean negated;
    String number;
    String unit;

    Token(Kind kind, String text, boolean sentenceStart) {
      this.kind = kind;
      this.text = text;
      this.lower = text.toLowerCase(Locale.ROOT);
      this.sentenceStart = sentenceStart;
    }
  }

  private static String normalize(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
    return s.replace('\u2019', '\'')
        .replace('\u2018', '\'')
        .replace('\u201C', '"')
        .replace('\u201D', '"')
        .replace('\u2212', '-')
        .replace('\u2013', '-');
  }

  private static List<Token> tokenize(String s) {
    List<Token> tokens = new ArrayList<>();
    boolean sentenceStart = true;
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        if (c == '\n') {
          sentenceStart = true;
        }
        i++;
        continue;
      }
      if (Character.isDigit(c)) {
        int start = i;
        while (i < n
            && (Character.isDigit(s.charAt(i))
                || ((s.charAt(i) == '.' || s.charAt(i) == ',')
                    && i + 1 < n
                    && Character.isDigit(s.charAt(i + 1))))) {
          i++;
        }
        String digits = s.substring(start, i);
        int suffixStart = i;
        while (i < n && Character.isLetter(s.charAt(i))) {
          i++;
        }
        String suffix = s.substring(suffixStart, i).toLowerCase(Locale.ROOT);
        Token t = new Token(Kind.NUMBER, s.substring(start, i), sentenceStart);
        t.number = canonicalNumber(digits);
        if (!suffix.isEmpty()) {
          if (ORDINAL_SUFFIXES.contains(suffix)) {
            t.number = t.number + "th";
          } else if (UNITS.containsKey(suffix) || SHORT_UNITS.containsKey(suffix)) {
            t.unit = UNITS.containsKey(suffix) ? UNITS.get(suffix) : SHORT_UNITS.get(suffix);
          } else {
            t.number = t.number + suffix; // an identifier such as 2fa
          }
        }
        tokens.add(t);
        sentenceStart = false;
        continue;
      }
      if (Character.isLetter(c)) {
        int start = i;
        while (i < n
            && (Character.isLetter(s.charAt(i))
                || s.charAt(i) == '\''
                || (s.charAt(i) == '-' && i + 1 < n && Character.isLetter(s.charAt(i + 1))))) {
          i++;
        }
        String word = s.substring(start, i);
        addWords(tokens, word, sentenceStart);
        sentenceStart = false;
        continue;
      }
      if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':') {
        sentenceStart = true;
        i++;
        continue;
      }
      if (SYMBOLS.indexOf(c) >= 0) {
        if (c == '-' || c == '/') {
          // Only between numbers: "10-3", "3/4"; a hyphen in "INV-2231" is not an operator.
          boolean numberBefore =
              !tokens.isEmpty() && tokens.get(tokens.size() - 1).kind == Kind.NUMBER
                  && isSpaceOrDigitBefore(s, i);
          boolean numberAfter = nextNonSpaceIsDigit(s, i + 1);
          if (!(numberBefore && numberAfter)) {
            i++;
            continue;
          }
        }
        tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), sentenceStart));
        i++;
        continue;
      }
      i++;
    }
    return tokens;
  }

  private static boolean isSpaceOrDigitBefore(String s, int i) {
    int j = i - 1;
    while (j >= 0 && s.charAt(j) == ' ') {
      j--;
    }
    return j >= 0 && Character.isDigit(s.charAt(j));
  }

  private static boolean nextNonSpaceIsDigit(String s, int i) {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i < s.length() && Character.isDigit(s.charAt(i));
  }

  /** Splits contractions and hyphenated words: "don't" -> do (negated), "two-factor". */
  private static void addWords(List<Token> tokens, String word, boolean sentenceStart) {
    for (String part : word.split("-")) {
      if (part.isEmpty()) {
        continue;
      }
      String lower = part.toLowerCase(Locale.ROOT);
      boolean negated = false;
      if (lower.endsWith("n't")) {
        negated = true;
        part = part.substring(0, part.length() - 3);
        lower = lower.substring(0, lower.length() - 3);
        if (lower.equals("ca")) {
          part = "can";
        } else if (lower.equals("wo")) {
          part = "will";
        }
      } else {
        int apostrophe = lower.indexOf('\'');
        if (apostrophe > 0) {
          String rest = lower.substring(apostrophe);
          if (CLITICS.contains(rest)) {
            part = part.substring(0, apostrophe);
          }
        }
      }
      part = part.replace("'", "");
      if (part.isEmpty()) {
        continue;
      }
      Token t = new Token(Kind.WORD, part, sentenceStart);
      t.negated = negated;
      tokens.add(t);
      sentenceStart = false;
    }
  }

  private static String canonicalNumber(String digits) {
    // "1,000" and "1,000,000" are thousands; "3,5" stays as written (never guess a locale).
    if (digits.matches("\\d{1,3}(,\\d{3})+(\\.\\d+)?")) {
      return digits.replace(",", "");
    }
    return digits;
  }

  // ------------------------------------------------------------------------------- word lists

  private static final String SYMBOLS = "+-*/×÷^%=<>$€£¥#";
  private static final Set<String> CLITICS = Set.of("'s", "'re", "'m", "'ll", "'ve", "'d");
  private static final Set<String> ORDINAL_SUFFIXES = Set.of("st", "nd", "rd", "th");
  private static final List<String> NEGATING_PREFIXES =
      List.of("un", "dis", "non", "anti", "mis", "in", "im", "il", "ir", "de");
  private static final List<String> SWAPPING_PREFIXES =
      List.of("un", "dis", "de", "in", "im", "ex", "en", "up", "down", "non", "anti", "mis");

  private static final Set<String> NEGATIONS =
      words(
          "not", "no", "never", "none", "nothing", "nobody", "nowhere", "neither", "nor",
          "without", "cannot", "unable", "neednt", "nope");

  private static final Map<String, String> OPERATORS =
      Map.of(
          "+", "+", "-", "-", "*", "*", "×", "*", "/", "/", "÷", "/", "^", "^", "=", "=", "<", "<",
          ">", ">");
  private static final Map<String, String> WORD_OPERATORS =
      Map.of(
          "plus", "+", "minus", "-", "times", "*", "multiplied", "*", "divided", "/", "over", "/",
          "squared", "^2", "cubed", "^3");
  private static final Map<String, String> CURRENCY_SYMBOLS =
      Map.of("$", "usd", "€", "eur", "£", "gbp", "¥", "jpy");

  private static final Map<String, String> NUMBER_WORDS = numberWords();

  private static Map<String, String> numberWords() {
    Map<String, String> m = new HashMap<>();
    String[] small = {
      "zero", "", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
      "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"
    };
    for (int k = 0; k < small.length; k++) {
      if (!small[k].isEmpty()) { // "one" is also a pronoun ("a new one"): not a number word
        m.put(small[k], Integer.toString(k));
      }
    }
    String[] tens = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    for (int k = 0; k < tens.length; k++) {
      m.put(tens[k], Integer.toString((k + 2) * 10));
    }
    m.put("hundred", "100");
    m.put("thousand", "1000");
    m.put("million", "1000000");
    m.put("billion", "1000000000");
    m.put("dozen", "12");
    m.put("half", "0.5");
    m.put("twice", "2x");
    m.put("double", "2x");
    m.put("triple", "3x");
    String[] ordinals = {
      "", "", "", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
      "eleventh", "twelfth"
    };
    for (int k = 0; k < ordinals.length; k++) {
      if (!ordinals[k].isEmpty()) {
        m.put(ordinals[k], k + "th");
      }
    }
    return Map.copyOf(m);
  }

  /** Unit words, to one spelling; only after a number for the ambiguous short ones. */
  private static final Map<String, String> UNITS = units();

  private static final Map<String, String> SHORT_UNITS =
      Map.ofEntries(
          Map.entry("m", "m"),
          Map.entry("g", "g"),
          Map.entry("l", "l"),
          Map.entry("h", "h"),
          Map.entry("s", "s"),
          Map.entry("k", "thousand"),
          Map.entry("c", "c"),
          Map.entry("f", "f"),
          Map.entry("am", "am"),
          Map.entry("pm", "pm"));

  private static Map<String, String> units() {
    Map<String, String> m = new HashMap<>();
    unit(m, "km", "km", "kms", "kilometer", "kilometers", "kilometre", "kilometres");
    unit(m, "mi", "mi", "mile", "miles");
    unit(m, "m", "meter", "meters", "metre", "metres");
    unit(m, "cm", "cm", "centimeter", "centimeters", "centimetre", "centimetres");
    unit(m, "mm", "mm", "millimeter", "millimeters", "millimetre", "millimetres");
    unit(m, "ft", "ft", "foot", "feet");
    unit(m, "inch", "inch", "inches");
    unit(m, "yd", "yd", "yard", "yards");
    unit(m, "kg", "kg", "kgs", "kilogram", "kilograms", "kilo", "kilos");
    unit(m, "g", "gram", "grams", "gramme", "grammes");
    unit(m, "mg", "mg", "milligram", "milligrams");
    unit(m, "lb", "lb", "lbs", "pound", "pounds");
    unit(m, "oz", "oz", "ounce", "ounces");
    unit(m, "t", "tonne", "tonnes", "ton", "tons");
    unit(m, "l", "liter", "liters", "litre", "litres");
    unit(m, "ml", "ml", "milliliter", "milliliters", "millilitre", "millilitres");
    unit(m, "gal", "gal", "gallon", "gallons");
    unit(m, "cup", "cup", "cups");
    unit(m, "pint", "pint", "pints");
    unit(m, "quart", "quart", "quarts");
    unit(m, "tbsp", "tbsp", "tablespoon", "tablespoons");
    unit(m, "tsp", "tsp", "teaspoon", "teaspoons");
    unit(m, "c", "celsius", "centigrade");
    unit(m, "f", "fahrenheit");
    unit(m, "kelvin", "kelvin");
    unit(m, "ms", "ms", "millisecond", "milliseconds");
    unit(m, "s", "sec", "secs", "second", "seconds");
    unit(m, "min", "mins", "minute", "minutes");
    unit(m, "h", "hr", "hrs", "hour", "hours");
    unit(m, "day", "day", "days");
    unit(m, "week", "week", "weeks");
    unit(m, "month", "month", "months");
    unit(m, "year", "year", "years", "yr", "yrs");
    unit(m, "usd", "usd", "dollar", "dollars", "buck", "bucks");
    unit(m, "eur", "eur", "euro", "euros");
    unit(m, "gbp", "gbp", "sterling");
    unit(m, "jpy", "jpy", "yen");
    unit(m, "inr", "inr", "rupee", "rupees");
    unit(m, "cny", "cny", "yuan", "rmb");
    unit(m, "chf", "chf", "franc", "francs");
    unit(m, "cad", "cad");
    unit(m, "aud", "aud");
    unit(m, "btc", "btc", "bitcoin", "bitcoins");
    unit(m, "%", "percent", "percentage", "pct");
    unit(m, "kb", "kb", "kilobyte", "kilobytes");
    unit(m, "mb", "mb", "megabyte", "megabytes");
    unit(m, "gb", "gb", "gigabyte", "gigabytes");
    unit(m, "tb", "tb", "terabyte", "terabytes");
    unit(m, "mph", "mph");
    unit(m, "kph", "kph", "kmh");
    unit(m, "kcal", "kcal", "calorie", "calories");
    unit(m, "w", "watt", "watts");
    unit(m, "kw", "kw", "kilowatt", "kilowatts");
    unit(m, "kwh", "kwh");
    unit(m, "v", "volt", "volts");
    unit(m, "hz", "hz", "hertz");
    unit(m, "ghz", "ghz");
    return Map.copyOf(m);
  }

  private static void unit(Map<String, String> m, String canonical, String... spellings) {
    for (String s : spellings) {
      m.put(s, canonical);
    }
  }

  private static final Set<String> WEEKDAYS =
      words(
          "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mondays",
          "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays");
  private static final Set<String> MONTHS =
      words(
          "january", "february", "march", "april", "june", "july", "august", "september",
          "october", "november", "december", "jan", "feb", "apr", "jun", "jul", "aug", "sep",
          "sept", "oct", "nov", "dec");
  private static final Set<String> DAY_WORDS =
      words(
          "today", "tonight", "tomorrow", "yesterday", "morning", "afternoon", "evening", "night",
          "noon", "midnight", "weekend", "weekday", "overnight", "ago");
  private static final Set<String> RELATIVE =
      words("this", "next", "last", "previous", "past", "coming", "following");
  private static final Set<String> TIME_NOUNS =
      words(
          "week", "month", "year", "weekend", "quarter", "night", "morning", "evening", "season", "semester", "decade", "century", "hour", "minute", "day");

  /** word or phrase -> {group, meaning}; two texts conflict when a group's meanings differ. */
  private static final Map<String, String[]> OPPOSITE_GROUPS = opposites();

  private static Map<String, String[]> opposites() {
    Map<String, String[]> m = new HashMap<>();
    group(m, "onoff", "on", "turn_on", "switch_on", "power_on", "enable", "enabled", "activate",
        "activated", "unmute", "unblock", "start", "begin", "launch", "resume");
    group(m, "onoff", "off", "turn_off", "switch_off", "power_off", "shut_off", "shut_down",
        "disable", "disabled", "deactivate", "deactivated", "mute", "block", "stop", "end",
        "halt", "pause", "finish");
    group(m, "session", "in", "log_in", "login", "log_into", "sign_in", "signin", "check_in");
    group(m, "session", "out", "log_out", "logout", "sign_out", "signout", "check_out");
    group(m, "session", "up", "sign_up", "signup", "register");
    group(m, "zoom", "in", "zoom_in");
    group(m, "zoom", "out", "zoom_out");
    group(m, "opt", "in", "opt_in");
    group(m, "opt", "out", "opt_out");
    group(m, "direction", "up", "scroll_up", "speed_up", "upgrade", "upgrading");
    group(m, "direction", "down", "scroll_down", "slow_down", "downgrade", "downgrading");
    group(m, "trade", "buy", "buy", "buying", "purchase", "purchasing", "bought");
    group(m, "trade", "sell", "sell", "selling", "sold");
    group(m, "transfer", "up", "upload", "uploading", "uploaded");
    group(m, "transfer", "down", "download", "downloading", "downloaded");
    group(m, "transfer", "in", "import", "importing", "imported");
    group(m, "transfer", "out", "export", "exporting", "exported");
    group(m, "amount", "more", "more", "increase", "increasing", "raise", "raising", "grow",
        "higher", "larger", "bigger", "greater", "longer", "expand", "enlarge");
    group(m, "amount", "less", "less", "fewer", "decrease", "decreasing", "reduce", "reducing",
        "lower", "smaller", "shorter", "shrink", "lowering");
    group(m, "extreme", "low", "minimum", "min", "lowest", "smallest", "least", "fewest",
        "cheapest", "shortest", "slowest", "minimal", "minimise", "minimize");
    group(m, "extreme", "high", "maximum", "max", "highest", "largest", "biggest", "most",
        "priciest", "longest", "fastest", "maximal", "maximise", "maximize");
    group(m, "price", "cheap", "cheap", "cheaper", "inexpensive", "affordable");
    group(m, "price", "expensive", "expensive", "pricier", "costly");
    group(m, "quality", "good", "best", "better", "advantage", "advantages", "pros", "benefit",
        "benefits", "upside", "upsides");
    group(m, "quality", "bad", "worst", "worse", "disadvantage", "disadvantages", "cons",
        "drawback", "drawbacks", "downside", "downsides", "risks");
    group(m, "order", "first", "first", "earliest", "oldest", "initial", "beginning");
    group(m, "order", "last", "last", "latest", "newest", "final");
    group(m, "time", "before", "before", "prior", "earlier", "until");
    group(m, "time", "after", "after", "later", "since");
    group(m, "vertical", "above", "above", "over", "top");
    group(m, "vertical", "below", "below", "under", "beneath", "bottom", "underneath");
    group(m, "side", "inside", "inside", "internal", "indoor", "indoors", "inbound", "incoming");
    group(m, "side", "outside", "outside", "external", "outdoor", "outdoors", "outbound",
        "outgoing");
    group(m, "hand", "left", "left");
    group(m, "hand", "right", "right");
    group(m, "compass", "north", "north", "northern");
    group(m, "compass", "south", "south", "southern");
    group(m, "compass", "east", "east", "eastern");
    group(m, "compass", "west", "west", "western");
    group(m, "membership", "add", "add", "adding", "insert", "include", "join", "invite");
    group(m, "membership", "remove", "remove", "removing", "delete", "deleting", "exclude",
        "kick", "leave");
    group(m, "state", "open", "open", "opening", "reopen");
    group(m, "state", "close", "close", "closing", "closed", "shut");
    group(m, "flow", "send", "send", "sending", "sent", "give", "pay", "paying");
    group(m, "flow", "receive", "receive", "receiving", "received", "get", "collect");
    group(m, "decision", "accept", "accept", "approve", "approved", "allow", "allowed",
        "permit", "permitted", "grant");
    group(m, "decision", "reject", "reject", "decline", "declined", "deny", "denied", "refuse",
        "forbid", "forbidden", "ban", "banned", "revoke");
    group(m, "result", "win", "win", "won", "winning", "pass", "passed");
    group(m, "result", "lose", "lose", "lost", "losing", "fail", "failed");
    group(m, "truth", "true", "true", "correct", "right");
    group(m, "truth", "false", "false", "incorrect", "wrong");
    group(m, "temperature", "hot", "hot", "warm", "warmer", "hotter", "heat", "heating");
    group(m, "temperature", "cold", "cold", "cool", "cooler", "colder", "cooling", "freezing");
    group(m, "speed", "fast", "fast", "faster", "quick", "quickly", "quicker");
    group(m, "speed", "slow", "slow", "slower", "slowly");
    group(m, "age", "new", "new", "newer", "young", "younger");
    group(m, "age", "old", "old", "older", "elder", "elderly");
    group(m, "sign", "positive", "positive", "plus");
    group(m, "sign", "negative", "negative", "minus");
    group(m, "stance", "agree", "agree", "like", "love", "support", "for");
    group(m, "stance", "disagree", "disagree", "dislike", "hate", "oppose", "against");
    group(m, "visibility", "show", "show", "unhide", "display", "reveal");
    group(m, "visibility", "hide", "hide", "hidden", "conceal");
    group(m, "connection", "connect", "connect", "connected", "pair", "attach", "plug_in");
    group(m, "connection", "disconnect", "disconnect", "disconnected", "unpair", "detach",
        "unplug");
    group(m, "encryption", "encrypt", "encrypt", "encrypted", "encryption");
    group(m, "encryption", "decrypt", "decrypt", "decrypted", "decryption");
    group(m, "compression", "compress", "compress", "compressed", "zip");
    group(m, "compression", "extract", "extract", "decompress", "unzip", "uncompress");
    group(m, "install", "install", "install", "installing", "installed");
    group(m, "install", "uninstall", "uninstall", "uninstalling", "uninstalled");
    group(m, "subscription", "subscribe", "subscribe", "subscribed", "follow", "followed");
    group(m, "subscription", "unsubscribe", "unsubscribe", "unsubscribed", "unfollow",
        "unfollowed");
    group(m, "lock", "lock", "lock", "locked", "locking");
    group(m, "lock", "unlock", "unlock", "unlocked", "unlocking");
    group(m, "answer", "yes", "yes");
    group(m, "answer", "no", "no");
    group(m, "with", "with", "with", "including");
    group(m, "with", "without", "without", "excluding");
    group(m, "gender", "male", "male", "man", "men", "boy", "boys", "he", "him", "his");
    group(m, "gender", "female", "female", "woman", "women", "girl", "girls", "she", "her",
        "hers");
    group(m, "number", "singular", "single", "one");
    group(m, "number", "plural", "multiple", "several", "many", "all");
    group(m, "plan", "free", "free");
    group(m, "plan", "paid", "paid", "premium");
    group(m, "daynight", "day", "day", "daytime", "sunrise");
    group(m, "daynight", "night", "night", "nighttime", "sunset");
    group(m, "mode", "dark", "dark");
    group(m, "mode", "light", "light");
    group(m, "push", "push", "push", "pushing");
    group(m, "push", "pull", "pull", "pulling");
    group(m, "legal", "legal", "legal", "lawful");
    group(m, "legal", "illegal", "illegal", "unlawful");
    group(m, "safety", "safe", "safe", "safely");
    group(m, "safety", "dangerous", "dangerous", "unsafe", "harmful", "risky");
    return Map.copyOf(m);
  }

  private static Set<String> words(String... words) {
    return Set.copyOf(new HashSet<>(List.of(words)));
  }

  private static void group(Map<String, String[]> m, String group, String meaning, String... words) {
    for (String w : words) {
      String[] previous = m.put(w, new String[] {group, meaning});
      if (previous != null && !previous[0].equals(group)) {
        // a word belongs to one group; the first listed wins
        m.put(w, previous);
      }
    }
  }

  /**
   * Words too common to mark a name when they start a sentence, and too common to count for the
   * prefix rule.
   */
  private static final Set<String> COMMON_WORDS =
      words(
          "a", "about", "above", "across", "after", "again", "against", "all", "also", "am", "an",
          "and", "any", "are", "as", "ask", "at", "be", "because", "been", "before", "being",
          "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing",
          "done", "down", "during", "each", "few", "for", "from", "further", "get", "gets",
          "give", "go", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his",
          "how", "i", "if", "in", "into", "is", "it", "its", "just", "let", "lets", "like",
          "make", "may", "me", "might", "mine", "more", "most", "much", "must", "my", "need",
          "no", "nor", "not", "now", "of", "off", "ok", "okay", "on", "once", "only", "or",
          "other", "our", "out", "over", "own", "please", "same", "she", "should", "show", "so",
          "some", "such", "tell", "than", "thank", "thanks", "that", "the", "their", "them",
          "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
          "until", "up", "very", "want", "was", "we", "were", "what", "when", "where", "which",
          "while", "who", "whom", "whose", "why", "will", "with", "would", "you", "your",
          "yours", "hi", "hello", "hey", "dear", "yes", "is", "whats", "hows", "wheres", "whos",
          "explain", "describe", "summarize", "summarise", "translate", "convert", "calculate",
          "compute", "book", "reserve", "set", "cancel", "delete", "remove", "send", "share",
          "save", "remind", "schedule", "transfer", "move", "refund", "recommend", "suggest",
          "compare", "list", "find", "search", "create", "write", "run", "help", "add", "open",
          "close", "start", "stop", "check", "look", "see", "try", "use", "using", "find",
          "show", "display", "give", "tell", "provide", "generate", "draft", "edit", "fix",
          "update", "change", "reset", "renew", "install", "download", "upload", "enable",
          "disable", "turn", "switch", "is", "are", "was", "any", "every", "many", "several",
          "where", "there", "still", "already", "again", "maybe", "perhaps", "actually",
          "really", "sorry", "excuse", "hello", "good", "great", "new", "old", "best", "which",
          "whats", "whatre", "im", "ive", "id", "ill", "youre", "dont", "doesnt", "cant",
          "wont", "isnt", "arent", "wasnt", "werent", "havent", "hasnt", "hadnt", "shouldnt",
          "wouldnt", "couldnt", "didnt", "is", "reply", "answer", "order", "orders", "pay",
          "buy", "sell", "track", "return", "contact", "call", "email", "text", "message",
          "sign", "log", "login", "logout", "register", "subscribe", "unsubscribe", "apply",
          "enter", "type", "select", "choose", "pick", "click", "press", "go", "come", "keep",
          "put", "take", "bring", "print", "scan", "copy", "paste", "read", "watch", "play",
          "listen", "speak", "say", "talk", "ask", "answer", "my",
          "our", "quick", "short", "simple", "brief", "give", "write", "calculate", "define",
          "mean", "means", "meaning", "is", "note", "remember", "forgot", "lost", "cannot",
          "unable", "why", "whether", "shall");
}
