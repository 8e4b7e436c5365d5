def line(x):
    return 3 * x - 1


# Any two points on a straight line give the same rise over run.
point_pairs = [(0.0, 1.0), (-2.0, 2.0), (1.5, 4.0)]
for x_start, x_end in point_pairs:
    rise = line(x_end) - line(x_start)
    run = x_end - x_start
    print(
        f"x from {x_start:4.1f} to {x_end:4.1f}:  "
        f"rise {rise:5.1f} / run {run:3.1f} = {rise / run:.1f}"
    )
