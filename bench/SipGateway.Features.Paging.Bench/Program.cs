// SipGateway.Features.Paging benchmark, inside a private network namespace (it re-runs itself under unshare -n, root).
//   dotnet run -c Release --project bench/SipGateway.Features.Paging.Bench [-- --quick]
// 1. INVITE -> go-ahead: a SIP caller pages DialCast 7000 through the real gateway process; 50 Cisco phones (HTTP
//    listeners here) are told to join with /CGI/Execute; the time from sending the INVITE to the first go-ahead
//    (1400 Hz) packet at the caller's media socket, over many pages. Target p99 < 300 ms.
// 2. Simultaneous pages: pages started directly on one PagingServer (as the host wires it: one pacer thread), each fed
//    caller audio and sending its own multicast group; the pacer's p99 send error at each level. Target >= 200 with p99 < 2 ms.
using SipGateway.Features.Paging.Bench;

if (!PrivateNamespace.IsInside) return PrivateNamespace.RunInside(args);
bool quick = args.Contains("--quick");
Console.WriteLine($"SipGateway.Features.Paging benchmark ({(quick ? "quick" : "full")}), {Environment.ProcessorCount} cores, .NET {Environment.Version}, private network namespace");
Console.WriteLine();
await GoAheadLatency.RunAsync(pages: quick ? 30 : 100, phones: 50);
Console.WriteLine();
SimultaneousPages.Run(quick ? [100, 200, 300] : [100, 200, 300, 400, 600, 800], seconds: quick ? 3 : 5);
return 0;
