import os


def pytest_addoption(parser):
    parser.addoption("--full", action="store_true", help="also run the full-size validation sweeps")


def pytest_configure(config):
    if config.getoption("--full"):
        os.environ["THEORYLAB_FULL"] = "1"
    os.environ.setdefault("MPLBACKEND", "Agg")
