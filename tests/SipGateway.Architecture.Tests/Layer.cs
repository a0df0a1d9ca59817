namespace SipGateway.Architecture.Tests;

/// <summary>The layers of DESIGN.md "Projects (src/)"; dependencies point downward only.</summary>
internal enum Layer
{
    /// <summary>Sip, Media, Routing, Storage: reference no other SipGateway project.</summary>
    Base,
    /// <summary>SipGateway.Calls: references only the base layers.</summary>
    CallControl,
    /// <summary>SipGateway.Features.*: plug into Calls' hooks; reference no host and no other feature.</summary>
    Feature,
    /// <summary>SipGateway (the host): wires everything together.</summary>
    Host,
    /// <summary>A project the table does not know: it has to be placed in a layer before anything may reference it.</summary>
    Unclassified,
}
