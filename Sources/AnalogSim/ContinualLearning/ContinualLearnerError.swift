/// The reason a continual learner cannot be built from its configuration.
public enum ContinualLearnerError: Error, Equatable, UserFacingError {
    /// An update scheme that cannot write a requested change matrix.
    case schemeNotSupported(scheme: UpdateScheme)
    /// A device run without a profile.
    case profileRequired(rule: ContinualRuleName)

    public var kind: FailureKind { .usage }

    public var message: String {
        switch self {
        case .schemeNotSupported(.stochastic):
            return "--update-scheme stochastic cannot run continual rules: its pulse trains write the outer product of an "
                + "input and an error bit stream, but these rules request a separate change per synapse (EWC's penalty, "
                + "CLASSP's and AdaGrad's scaled steps, the binary-weight rules' Adam steps). Use --update-scheme deterministic or expected."
        case .schemeNotSupported(let scheme):
            return "--update-scheme \(scheme.rawValue) cannot run continual rules, which write a whole matrix of requested "
                + "changes per step; use --update-scheme deterministic or expected."
        case .profileRequired(let rule):
            return "--rule \(rule.rawValue) on devices needs a device profile; pass --profile NAME|PATH, or --profile software."
        }
    }
}
