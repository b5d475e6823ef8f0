package io.switchboard.api;

/**
 * A request the API refuses or could not complete, with what to tell the caller. Thrown (or failed
 * with) anywhere in a resource; {@link ProblemMapper} turns it into a problem-details response.
 */
public final class ApiProblem extends RuntimeException {
    private final ProblemType type;

    public ApiProblem(ProblemType type, String detail) {
        this(type, detail, null);
    }

    private ApiProblem(ProblemType type, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }

    /** The occurrence-specific explanation for the caller. */
    public String detail() {
        return getMessage();
    }

    /**
     * The failure of a backplane call as the caller should see it: a problem already decided stays
     * as it is; anything else means the backplane could not do its part (the cause goes to the log,
     * not to the caller).
     */
    static Throwable unavailable(Throwable failure) {
        return failure instanceof ApiProblem ? failure
                : new ApiProblem(ProblemType.UNAVAILABLE, "the backplane could not complete the request", failure);
    }
}
