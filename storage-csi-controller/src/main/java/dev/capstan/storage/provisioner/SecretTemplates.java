package dev.capstan.storage.provisioner;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${pv.name}}, {@code ${pvc.namespace}}, {@code ${pvc.name}} and {@code
 * ${pvc.annotations['KEY']}} in secret names (namespaces allow only the first two), as
 * external-provisioner does.
 */
public final class SecretTemplates {

  private static final Pattern TOKEN = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern ANNOTATION = Pattern.compile("pvc\\.annotations\\['([^']+)']");

  private SecretTemplates() {}

  public static String resolveName(String template, String pvName, ClaimRef claim)
      throws InvalidParametersException {
    return resolve(template, pvName, claim, true);
  }

  public static String resolveNamespace(String template, String pvName, ClaimRef claim)
      throws InvalidParametersException {
    return resolve(template, pvName, claim, false);
  }

  private static String resolve(String template, String pvName, ClaimRef claim, boolean isName)
      throws InvalidParametersException {
    Matcher m = TOKEN.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String token = m.group(1);
      String value;
      if (token.equals("pv.name")) {
        value = pvName;
      } else if (token.equals("pvc.namespace")) {
        value = claim.namespace();
      } else if (isName && token.equals("pvc.name")) {
        value = claim.name();
      } else if (isName && ANNOTATION.matcher(token).matches()) {
        Matcher a = ANNOTATION.matcher(token);
        a.matches();
        value = claim.annotations().get(a.group(1));
        if (value == null) {
          throw new InvalidParametersException(
              "secret template " + template + ": the claim has no annotation " + a.group(1));
        }
      } else {
        throw new InvalidParametersException(
            "secret "
                + (isName ? "name" : "namespace")
                + " template "
                + template
                + " uses an unsupported token ${"
                + token
                + "}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
