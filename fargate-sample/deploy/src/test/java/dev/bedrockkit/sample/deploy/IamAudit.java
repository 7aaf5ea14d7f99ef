package dev.bedrockkit.sample.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.assertions.Template;

/**
 * Every permission statement of a synthesized template (each {@code AWS::IAM::Policy}, each
 * {@code AWS::IAM::ManagedPolicy}, and each role's inline policies), and the rules the stack's IAM
 * must keep. Trust policies are not permission statements and are left out.
 */
final class IamAudit {
  /**
   * IAM actions that have no resource-level permissions, so only "*" can name their resource, and
   * that the stack needs.
   */
  static final Set<String> RESOURCE_STAR_ONLY_ACTIONS = Set.of("ecr:GetAuthorizationToken");

  /**
   * One statement.
   *
   * @param owner the logical IDs of the roles the policy is attached to, or the role itself
   * @param sid the statement ID, or {@code null}
   * @param actions the actions, always as a list
   * @param resources the resources, always as a list; strings, or intrinsic functions as maps
   * @param conditions the condition block, or {@code null}
   */
  record Statement(
      List<String> owner,
      String sid,
      List<String> actions,
      List<Object> resources,
      Map<String, Object> conditions) {

    List<String> stringResources() {
      List<String> strings = new ArrayList<>();
      for (Object r : resources) {
        if (r instanceof String s) {
          strings.add(s);
        }
      }
      return strings;
    }

    boolean hasActionOf(String service) {
      return actions.stream().anyMatch(a -> a.startsWith(service + ":"));
    }
  }

  private IamAudit() {}

  static List<Statement> statements(Template template) {
    List<Statement> all = new ArrayList<>();
    for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
      for (Map.Entry<String, Map<String, Object>> e : resources(template, type).entrySet()) {
        Map<String, Object> props = map(e.getValue().get("Properties"));
        all.addAll(fromDocument(map(props.get("PolicyDocument")), roleRefs(props.get("Roles"))));
      }
    }
    for (Map.Entry<String, Map<String, Object>> e : resources(template, "AWS::IAM::Role").entrySet()) {
      Map<String, Object> props = map(e.getValue().get("Properties"));
      Object inline = props == null ? null : props.get("Policies");
      if (inline != null) {
        for (Object policy : (Collection<?>) inline) {
          all.addAll(fromDocument(map(map(policy).get("PolicyDocument")), List.of(e.getKey())));
        }
      }
    }
    return all;
  }

  /**
   * What is wrong with the template's IAM, one line per problem; empty when it keeps every rule:
   * no wildcard actions; no wildcard in a resource ARN; "*" as a resource only for the actions
   * in {@link #RESOURCE_STAR_ONLY_ACTIONS}; Bedrock actions only on {@code allowedModelArns}.
   */
  static List<String> violations(Template template, Collection<String> allowedModelArns) {
    List<String> problems = new ArrayList<>();
    for (Statement s : statements(template)) {
      String where = s.owner() + " " + (s.sid() == null ? "" : s.sid() + " ");
      for (String action : s.actions()) {
        if (action.contains("*")) {
          problems.add(where + "grants wildcard action " + action);
        }
      }
      for (Object resource : s.resources()) {
        if ("*".equals(resource)) {
          for (String action : s.actions()) {
            if (!RESOURCE_STAR_ONLY_ACTIONS.contains(action)) {
              problems.add(where + "grants " + action + " on *");
            }
          }
        } else if (resource instanceof String r && r.contains("*")) {
          problems.add(where + "grants a wildcard resource " + r);
        }
      }
      boolean bedrock = s.hasActionOf("bedrock");
      for (Object resource : s.resources()) {
        String text = String.valueOf(resource);
        if ((bedrock || text.contains(":bedrock:")) && !allowedModelArns.contains(text)) {
          problems.add(where + "grants a model ARN not derived from the chain: " + text);
        }
      }
    }
    return problems;
  }

  /** The string resources of every statement with an action of {@code service}, in order. */
  static Set<String> resourcesOf(Template template, String service) {
    Set<String> resources = new LinkedHashSet<>();
    for (Statement s : statements(template)) {
      if (s.hasActionOf(service)) {
        for (Object r : s.resources()) {
          resources.add(String.valueOf(r));
        }
      }
    }
    return resources;
  }

  private static List<Statement> fromDocument(Map<String, Object> document, List<String> owner) {
    List<Statement> statements = new ArrayList<>();
    for (Object raw : list(document.get("Statement"))) {
      Map<String, Object> s = map(raw);
      statements.add(
          new Statement(
              owner,
              (String) s.get("Sid"),
              list(s.get("Action")).stream().map(String::valueOf).toList(),
              new ArrayList<>(list(s.get("Resource"))),
              s.get("Condition") == null ? null : map(s.get("Condition"))));
    }
    return statements;
  }

  private static List<String> roleRefs(Object roles) {
    List<String> refs = new ArrayList<>();
    for (Object role : list(roles)) {
      Object ref = map(role).get("Ref");
      refs.add(String.valueOf(ref));
    }
    return refs;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> resources(Template template, String type) {
    return (Map<String, Map<String, Object>>) (Map<String, ?>) template.findResources(type);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  static List<?> list(Object o) {
    if (o == null) {
      return List.of();
    }
    return o instanceof List<?> l ? l : List.of(o);
  }
}
