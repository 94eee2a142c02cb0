package dev.capstan.crds.network.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.capstan.crds.common.ConditionedStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The answer: a verdict over all pairs, counts, and the pairs themselves (the first 100). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectivityCheckStatus extends ConditionedStatus {

  /** At most this many pairs are listed in status.pairs. */
  public static final int MAX_PAIRS = 100;

  @JsonPropertyDescription(
      "Allowed, Denied, Mixed, Undefined or NoPods: what the NetworkPolicy objects say, not what"
          + " a CNI enforces.")
  private CheckVerdict verdict;

  @JsonPropertyDescription("Pairs whose connection the policies allow.")
  private Integer allowedPairs;

  @JsonPropertyDescription("Pairs whose connection the policies deny.")
  private Integer deniedPairs;

  @JsonPropertyDescription(
      "Pairs that are undefined (loopback, hostNetwork) or lack the named port.")
  private Integer undefinedPairs;

  @JsonPropertyDescription("Per pair: the verdict and what decided it (at most 100 pairs).")
  private List<PairResult> pairs = new ArrayList<>();

  @JsonPropertyDescription("True when there were more pairs than listed.")
  private Boolean truncated;

  public CheckVerdict getVerdict() {
    return verdict;
  }

  public void setVerdict(CheckVerdict verdict) {
    this.verdict = verdict;
  }

  public Integer getAllowedPairs() {
    return allowedPairs;
  }

  public void setAllowedPairs(Integer allowedPairs) {
    this.allowedPairs = allowedPairs;
  }

  public Integer getDeniedPairs() {
    return deniedPairs;
  }

  public void setDeniedPairs(Integer deniedPairs) {
    this.deniedPairs = deniedPairs;
  }

  public Integer getUndefinedPairs() {
    return undefinedPairs;
  }

  public void setUndefinedPairs(Integer undefinedPairs) {
    this.undefinedPairs = undefinedPairs;
  }

  public List<PairResult> getPairs() {
    return pairs;
  }

  public void setPairs(List<PairResult> pairs) {
    this.pairs = pairs;
  }

  public Boolean getTruncated() {
    return truncated;
  }

  public void setTruncated(Boolean truncated) {
    this.truncated = truncated;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ConnectivityCheckStatus)) {
      return false;
    }
    ConnectivityCheckStatus that = (ConnectivityCheckStatus) o;
    return sameConditionsAs(that)
        && verdict == that.verdict
        && Objects.equals(allowedPairs, that.allowedPairs)
        && Objects.equals(deniedPairs, that.deniedPairs)
        && Objects.equals(undefinedPairs, that.undefinedPairs)
        && Objects.equals(pairs, that.pairs)
        && Objects.equals(truncated, that.truncated);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        getObservedGeneration(),
        getConditions(),
        verdict,
        allowedPairs,
        deniedPairs,
        undefinedPairs,
        pairs,
        truncated);
  }
}
