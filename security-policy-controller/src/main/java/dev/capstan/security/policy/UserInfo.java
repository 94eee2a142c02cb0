package dev.capstan.security.policy;

import java.util.List;
import java.util.Map;

/** The requesting user, as in AdmissionRequest.userInfo. */
public record UserInfo(
    String username, String uid, List<String> groups, Map<String, List<String>> extra) {

  public UserInfo {
    groups = groups == null ? List.of() : List.copyOf(groups);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  public static UserInfo of(String username, String... groups) {
    return new UserInfo(username, null, List.of(groups), Map.of());
  }
}
