"""Train the aihwkit reference configuration on MNIST and write its timing as JSON.

784-256-10 perceptron of two AnalogLinear layers with sigmoid hidden units and a log-softmax
output, negative log-likelihood loss, batch size 1, AnalogSGD with learning rate 0.05, one epoch
in a seeded shuffled order, then the test accuracy. Written for aihwkit 1.1.0 and torch 2.10.0.
"""

import argparse
import gzip
import json
import os
import struct
import sys
import time
from pathlib import Path

# One thread for torch (MKL, OpenMP) and for aihwkit's C++ simulator (OpenMP, its bundled
# OpenBLAS). The variables must be set before torch and aihwkit load those libraries.
for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

import aihwkit
from aihwkit.nn import AnalogLinear
from aihwkit.optim import AnalogSGD
from aihwkit.simulator.configs import SingleRPUConfig
from aihwkit.simulator.configs.devices import SoftBoundsDevice
from aihwkit.simulator.parameters.enums import PulseType

LEARNING_RATE = 0.05
HIDDEN_UNITS = 256


def read_idx(path: Path) -> np.ndarray:
    """Read a gzipped IDX file (MNIST's format) into an array of unsigned bytes."""
    with gzip.open(path, "rb") as stream:
        data = stream.read()
    zero, data_type, dimension_count = struct.unpack(">HBB", data[:4])
    if zero != 0 or data_type != 0x08:
        raise ValueError(f"{path}: not an IDX file of unsigned bytes (header {data[:4].hex()})")
    shape = struct.unpack(f">{dimension_count}I", data[4 : 4 + 4 * dimension_count])
    offset = 4 + 4 * dimension_count
    expected_bytes = int(np.prod(shape))
    if len(data) - offset != expected_bytes:
        raise ValueError(
            f"{path}: header gives shape {shape} ({expected_bytes} bytes) "
            f"but the file has {len(data) - offset} bytes of data"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=offset).reshape(shape)


def load_split(data_dir: Path, prefix: str) -> tuple[torch.Tensor, torch.Tensor]:
    """Load images scaled to [0, 1] and flattened to 784 values, and their labels."""
    image_path = data_dir / f"{prefix}-images-idx3-ubyte.gz"
    label_path = data_dir / f"{prefix}-labels-idx1-ubyte.gz"
    for path in (image_path, label_path):
        if not path.is_file():
            raise FileNotFoundError(
                f"MNIST file not found: {path}; pass the directory that contains the four "
                "gzipped IDX files (train-images-idx3-ubyte.gz, ...) as the data directory"
            )
    images = read_idx(image_path)
    labels = read_idx(label_path)
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"{image_path} has {images.shape[0]} images but {label_path} has {labels.shape[0]} labels")
    pixels = images.reshape(images.shape[0], -1).astype(np.float32) / 255.0
    return torch.from_numpy(pixels), torch.from_numpy(labels.astype(np.int64))


def make_rpu_config() -> SingleRPUConfig:
    """Build the reference tile configuration: deterministic soft-bounds devices, ideal reads."""
    device = SoftBoundsDevice(
        dw_min=0.02,
        w_max=1.0,
        w_min=-1.0,
        # Device-to-device and cycle-to-cycle spreads of SoftBoundsDevice in aihwkit 1.1.0. The
        # others, diffusion_dtod and lifetime_dtod, are 0 by default. reset_dtod and reset_std act
        # only on explicit resets, which this run never does.
        dw_min_dtod=0.0,
        dw_min_std=0.0,
        up_down_dtod=0.0,
        w_max_dtod=0.0,
        w_min_dtod=0.0,
        write_noise_std=0.0,
        reset_dtod=0.0,
        reset_std=0.0,
    )
    rpu_config = SingleRPUConfig(device=device)

    rpu_config.update.pulse_type = PulseType.STOCHASTIC_COMPRESSED
    rpu_config.update.desired_bl = 31
    rpu_config.update.update_management = True
    rpu_config.update.update_bl_management = True

    rpu_config.mapping.digital_bias = True
    # aihwkit 1.1.0 splits a layer with more than 512 inputs or outputs over several tiles
    # (mapping.max_input_size and max_output_size, default 512), each with its own update
    # management, even for AnalogLinear. 0 keeps each layer on one tile, as one crossbar.
    rpu_config.mapping.max_input_size = 0
    rpu_config.mapping.max_output_size = 0

    rpu_config.forward.is_perfect = True
    rpu_config.backward.is_perfect = True
    return rpu_config


class Perceptron(nn.Module):
    """784-256-10 perceptron on analog tiles with log-probabilities as output."""

    def __init__(self, rpu_config: SingleRPUConfig):
        super().__init__()
        self.hidden = AnalogLinear(784, HIDDEN_UNITS, bias=True, rpu_config=rpu_config)
        self.output = AnalogLinear(HIDDEN_UNITS, 10, bias=True, rpu_config=rpu_config)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.log_softmax(self.output(torch.sigmoid(self.hidden(x))), dim=1)


def train_epoch(model: nn.Module, optimizer: AnalogSGD, images: torch.Tensor, labels: torch.Tensor,
                order: np.ndarray) -> tuple[float, float]:
    """Train on `order` one image at a time and return the loop's wall-clock and CPU seconds."""
    model.train()
    start = time.perf_counter()
    cpu_start = time.process_time()
    for index in order:
        x = images[index : index + 1]
        y = labels[index : index + 1]
        optimizer.zero_grad()
        loss = F.nll_loss(model(x), y)
        loss.backward()
        optimizer.step()
    return time.perf_counter() - start, time.process_time() - cpu_start


def evaluate(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> tuple[float, float]:
    """Classify the images one at a time and return (accuracy, wall-clock seconds)."""
    model.eval()
    correct = 0
    start = time.perf_counter()
    with torch.no_grad():
        for index in range(images.shape[0]):
            prediction = model(images[index : index + 1]).argmax(dim=1)
            correct += int(prediction.item() == labels[index].item())
    seconds = time.perf_counter() - start
    return correct / images.shape[0], seconds


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True,
                        help="directory with MNIST's four gzipped IDX files")
    parser.add_argument("--output", type=Path, required=True, help="JSON file to write the result to")
    parser.add_argument("--limit", type=int, default=None,
                        help="train on the first N images of the shuffled order (default: all 60 000)")
    parser.add_argument("--seed", type=int, default=1,
                        help="seed of the training order and of the initial weights (default: 1)")
    arguments = parser.parse_args()
    if arguments.limit is not None and arguments.limit < 1:
        parser.error(f"--limit must be a positive number of images, got {arguments.limit}")
    return arguments


def main() -> int:
    arguments = parse_arguments()
    torch.set_num_threads(1)

    try:
        train_images, train_labels = load_split(arguments.data_dir, "train")
        test_images, test_labels = load_split(arguments.data_dir, "t10k")
    except (OSError, ValueError) as error:
        print(f"aihwkit_reference.py: {error}", file=sys.stderr)
        return 1

    # NOTE: the seed fixes the training order and the initial weights only. aihwkit 1.1.0 draws
    # the stochastic pulse trains from a generator of its C++ simulator that the Python API does
    # not seed, so the test accuracy varies from run to run.
    order = np.random.default_rng(arguments.seed).permutation(train_images.shape[0])
    if arguments.limit is not None:
        order = order[: arguments.limit]
    torch.manual_seed(arguments.seed)

    model = Perceptron(make_rpu_config())
    optimizer = AnalogSGD(model.parameters(), lr=LEARNING_RATE)
    optimizer.regroup_param_groups(model)

    training_seconds, training_cpu_seconds = train_epoch(model, optimizer, train_images, train_labels, order)
    test_accuracy, evaluation_seconds = evaluate(model, test_images, test_labels)
    images_per_second = len(order) / training_seconds

    result = {
        "tool": "aihwkit",
        "aihwkitVersion": aihwkit.__version__,
        "torchVersion": torch.__version__,
        "torchThreads": torch.get_num_threads(),
        "seed": arguments.seed,
        "trainingImages": len(order),
        "testImages": int(test_images.shape[0]),
        "trainingSeconds": training_seconds,
        # CPU time of the process during the loop; less affected by other load on the machine.
        "trainingCpuSeconds": training_cpu_seconds,
        "imagesPerSecond": images_per_second,
        "evaluationSeconds": evaluation_seconds,
        "testAccuracy": test_accuracy,
    }
    arguments.output.write_text(json.dumps(result, indent=2) + "\n")
    print(f"aihwkit: {len(order)} training images at {images_per_second:.0f} images/s, "
          f"test accuracy {test_accuracy:.4f}, evaluation {evaluation_seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
