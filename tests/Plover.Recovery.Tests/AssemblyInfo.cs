// Each test runs three node processes: tests run one at a time so they do not fight over two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
