"""Reference outputs of xoshiro256** seeded through SplitMix64, for XoshiroTests.

Written from the published descriptions, independently of the Swift code:
SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
generators", OOPSLA 2014) and xoshiro256** (Blackman and Vigna, "Scrambled
linear pseudorandom number generators", ACM TOMS 47(4), 2021). The four state
words are the first four SplitMix64 outputs from the seed, as the xoshiro
authors recommend. The stream seed mixes a run seed with a stream identifier
the way RandomSource.mixedSeed does.

Run: python3 Tests/Fixtures/xoshiro256/reference.py
"""

MASK = (1 << 64) - 1


def splitmix64(state):
    """Returns (next state, output)."""
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def rotate_left(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


def xoshiro256starstar(seed, count):
    state = seed
    s = []
    for _ in range(4):
        state, output = splitmix64(state)
        s.append(output)
    outputs = []
    for _ in range(count):
        outputs.append((rotate_left((s[1] * 5) & MASK, 7) * 9) & MASK)
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotate_left(s[3], 45)
    return outputs


def stream_seed(run_seed, stream_identifier):
    mixed = (run_seed + 0x9E3779B97F4A7C15 * (stream_identifier + 1)) & MASK
    mixed = ((mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    mixed = ((mixed ^ (mixed >> 27)) * 0x94D049BB133111EB) & MASK
    return mixed ^ (mixed >> 31)


if __name__ == "__main__":
    # SplitMix64 from 0 starts with 0xE220A8397B1DCDAF, the value its published reference
    # implementation gives; a mismatch means this script is wrong.
    assert splitmix64(0)[1] == 0xE220A8397B1DCDAF
    for seed in (0, 0x0123456789ABCDEF):
        print(f"seed 0x{seed:016X}:", ", ".join(f"0x{x:016X}" for x in xoshiro256starstar(seed, 6)))
    # The pulse-train stream of layer 1 (identifier 4001) of run seed 42.
    derived = stream_seed(42, 4001)
    print(f"run seed 42, stream 4001 -> seed 0x{derived:016X}:",
          ", ".join(f"0x{x:016X}" for x in xoshiro256starstar(derived, 4)))
