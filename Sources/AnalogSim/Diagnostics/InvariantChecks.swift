#if ANALOGSIM_INVARIANT_CHECKS
/// The receiver of the broken invariants that the checks of an `ANALOGSIM_INVARIANT_CHECKS` build
/// find. Builds without the flag do not compile this type, and no check runs.
public enum InvariantChecks {
    /// Receives the description of a broken invariant. The default stops the program with it; a
    /// test replaces it to observe a check without ending the test process.
    nonisolated(unsafe) public static var handler: (String) -> Void = { description in
        preconditionFailure("invariant broken: \(description)")
    }

    static func report(_ description: String) {
        handler(description)
    }
}
#endif
