using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("SipGateway.Media.Tests")]
[assembly: InternalsVisibleTo("SipGateway.Media.Bench")]
[assembly: InternalsVisibleTo("SipGateway.Media.PacingProbe")]
