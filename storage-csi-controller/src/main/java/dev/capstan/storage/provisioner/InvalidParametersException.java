package dev.capstan.storage.provisioner;

/** StorageClass parameters that can never provision (a final, infeasible error). */
public class InvalidParametersException extends Exception {
  public InvalidParametersException(String message) {
    super(message);
  }
}
