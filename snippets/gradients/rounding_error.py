import math

STEP_SIZES = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9]
EXP_AT = 1.0  # the derivative of exp is exp: exactly e**1 here

# eps: the gap between 1 and the next number the format can store
print(f"eps of float32: {torch.finfo(torch.float32).eps:.1e}")
print(f"eps of float64: {torch.finfo(torch.float64).eps:.1e}")
print("      h   error in float32   error in float64")
for h in STEP_SIZES:
    errors = []
    for dtype in (torch.float32, torch.float64):
        point = torch.tensor(EXP_AT, dtype=dtype)
        estimate = central_difference(torch.exp, point, h)
        errors.append(abs(estimate.item() - math.e**EXP_AT))
    print(f"{h:7.0e}   {errors[0]:16.1e}   {errors[1]:16.1e}")
