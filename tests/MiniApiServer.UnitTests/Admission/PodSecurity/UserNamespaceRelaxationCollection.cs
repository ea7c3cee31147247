namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>The relaxation is one process-wide switch: the tests that turn it on run alone.</summary>
[CollectionDefinition(nameof(UserNamespaceRelaxationTests), DisableParallelization = true)]
public sealed class UserNamespaceRelaxationCollection;
