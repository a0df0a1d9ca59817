// Media tests measure real-time behaviour (pacing, relay timing, a live softphone): run the test classes one at a
// time so they do not measure each other's load on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
