using Microsoft.Extensions.Configuration;

// Deliberately bad code for RuleCheckerTests: each rule must find exactly the offenders marked "offends" here.
// The rules over src never look at this assembly.
#pragma warning disable CA2211, CA1822, IDE0051, IDE0060
namespace SipGateway.Architecture.Tests.Samples;

public static class SampleStatics
{
    public static int Counter;                                   // offends: assignable
    public static readonly List<string> Names = [];              // offends: mutable collection
    public static readonly int[] Table = [1, 2];                 // offends: array
    public static readonly Dictionary<string, int> Index = [];   // offends: mutable collection
    public static readonly IReadOnlyList<int> Fine = [1];
    public static readonly string Text = "x";
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    public const int Max = 3;
    internal static int Internal;
    private static int _private;
    public static int Property { get; set; }
    public static IEnumerable<int> Lambdas() => Fine.Select(x => x + _private + Internal);
}

public sealed class SampleFeature(IConfiguration configuration)  // offends: constructor
{
    private readonly IConfiguration _configuration = configuration;   // offends: field
    public void Bind(IConfigurationSection section) { }             // offends: method
    public void Read(Func<IConfigurationRoot, int> reader) { }       // offends: generic
    public void Typed(SampleOptions options) { }
}

public sealed record SampleOptions(int Size);

public sealed class ManualSampleClock { }      // offends
public sealed class VirtualTimeProvider { }    // offends
public sealed class FakeTrunk { }              // offends
public sealed class StubRegistrar { }          // offends
public sealed class MediaSampleClock { }
public sealed class Fakeness { }

public sealed class NoisySample
{
    public void Say() => Console.WriteLine("x");          // offends
    public void Shout() => Console.Error.WriteLine("x");  // offends
    public void Quiet(TextWriter w) => w.WriteLine("x");
    public int Switch(int x) => x switch { 0 => 1, 1 => 5, 2 => 7, 3 => 9, _ => (int)Math.Sqrt(x) };
    public Action Later() => () => Console.Write('c');    // offends (a lambda: compiler-generated closure)
}
