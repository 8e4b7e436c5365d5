METRES_PER_KM = 1000.0

distances = torch.linspace(
    EARTH_RADIUS, 6 * EARTH_RADIUS, 200, dtype=torch.float64
)  # m
force_at_tangent = gravity_force(TANGENT_DISTANCE)
# the tangent: the straight line through the point with the curve's slope there
tangent = force_at_tangent + gravity_slope(TANGENT_DISTANCE) * (
    distances - TANGENT_DISTANCE
)

fig, ax = plt.subplots(figsize=(6, 4))
distances_km = distances / METRES_PER_KM
ax.plot(
    distances_km,
    gravity_force(distances),
    color="black",
    linewidth=2,
    label="F = GMm / r²",
)
ax.plot(
    distances_km,
    tangent,
    "k--",
    linewidth=1.5,
    label="tangent at two Earth radii",
)
ax.plot(TANGENT_DISTANCE / METRES_PER_KM, force_at_tangent, "ko")
ax.set_ylim(0, 10.5)
ax.set_xlabel("distance r between the centres (km)")
ax.set_ylabel("force on 1 kg (N)")
ax.set_title("Earth's pull on 1 kg falls as 1/r², and its slope changes")
ax.legend()
plt.show()
