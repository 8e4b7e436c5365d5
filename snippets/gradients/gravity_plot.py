METRES_PER_KM = 1000.0

distances = torch.linspace(
    EARTH_RADIUS, 6 * EARTH_RADIUS, 200, dtype=torch.float64
)  # in metres
force_at_tangent = gravity_force(TANGENT_DISTANCE)
# the tangent: the straight line through the point with the curve's slope
slope_at_tangent = gravity_slope(TANGENT_DISTANCE)
tangent = force_at_tangent + slope_at_tangent * (distances - TANGENT_DISTANCE)

fig, ax = plt.subplots(figsize=(4.5, 3.5))
distances_km = distances / METRES_PER_KM
ax.plot(distances_km, gravity_force(distances), "C0-", linewidth=2.5)
ax.plot(distances_km, tangent, "C1--", linewidth=1.5)
ax.plot(TANGENT_DISTANCE / METRES_PER_KM, force_at_tangent, "C1o")
ax.legend(["F = GMm / r²", "tangent at two Earth radii"])
ax.set_ylim(0, 10.5)
ax.set_xlabel("distance r between the centres (km)")
ax.set_ylabel("force on 1 kg (N)")
ax.set_title("Earth's pull on 1 kg falls as 1/r²")
plt.show()
