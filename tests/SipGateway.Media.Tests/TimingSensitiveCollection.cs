namespace SipGateway.Media.Tests;

/// <summary>
/// Tests that measure real-time behaviour run alone: xunit runs other test classes in parallel, and their load on a
/// 2-core machine would be measured instead of the code under test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "timing-sensitive";
}
