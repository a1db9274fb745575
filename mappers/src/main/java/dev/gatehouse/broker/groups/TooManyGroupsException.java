package dev.gatehouse.broker.groups;

/** The provider sent more group values than the mapper's limit; the login is refused rather than half-synced. */
public final class TooManyGroupsException extends RuntimeException {

    private final int count;
    private final int limit;

    public TooManyGroupsException(int count, int limit) {
        super("The identity provider sent " + count + " group values; the limit is " + limit + ".");
        this.count = count;
        this.limit = limit;
    }

    public int count() {
        return count;
    }

    public int limit() {
        return limit;
    }
}
