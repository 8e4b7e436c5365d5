# A major chord in just intonation: frequencies in the ratio 4 : 5 : 6
CHORD = [440.0, 550.0, 660.0]  # Hz

chord = sum(torch.sin(2 * math.pi * note * times) for note in CHORD)
chord_spectrum = torch.fft.rfft(chord).abs()
chord_peaks = frequencies[chord_spectrum.topk(len(CHORD)).indices]
print("chord:", tuple(chord.shape))
print("strongest frequencies (Hz):", sorted(chord_peaks.tolist()))
