//! The words of generated tickets: descriptions, notes and reporters as a
//! corporate customer and the operator's groups write them, varied enough
//! that a search benchmark meets common words, rare words, word forms and
//! numbers the way a real year of faults has them.

use rand::Rng;
use rand::rngs::StdRng;

/// What the customer says is wrong, by fault type.
pub fn symptom(rng: &mut StdRng, fault_type: &str) -> &'static str {
    let options: &[&str] = match fault_type {
        "no_signal" => &[
            "no hay señal en ninguna de las líneas",
            "los teléfonos muestran sin servicio",
            "la cobertura se perdió por completo",
            "las líneas quedaron sin señal después de la lluvia",
            "no se puede llamar ni recibir llamadas",
        ],
        "dropped_calls" => &[
            "las llamadas se cortan a los pocos segundos",
            "se caen las llamadas al moverse entre pisos",
            "las llamadas salientes fallan con tono de ocupado",
            "la voz se entrecorta y luego se cae la llamada",
        ],
        "slow_data" => &[
            "los datos móviles están muy lentos",
            "no cargan las aplicaciones de la empresa",
            "la navegación se detiene a ratos",
            "el correo no sincroniza por datos",
        ],
        "sms_failure" => &[
            "no llegan los mensajes de texto",
            "los SMS de verificación del banco no se reciben",
            "los mensajes salen pero no se entregan",
        ],
        "roaming" => &[
            "el roaming no registra en el exterior",
            "la línea no se conecta a la red del país visitado",
            "en el viaje de trabajo no hubo servicio de itinerancia",
        ],
        "device_failure" => &[
            "el equipo se reinicia solo varias veces al día",
            "la pantalla del teléfono se quedó en negro",
            "el teléfono no carga la batería",
            "el altavoz dejó de funcionar",
            "el equipo se calienta y se apaga",
        ],
        _ => &[
            "la SIM no es reconocida por el equipo",
            "el teléfono pide el PUK de la tarjeta",
            "la tarjeta SIM aparece como no válida",
        ],
    };
    options[rng.random_range(0..options.len())]
}

const PLACES: &[&str] = &[
    "en la sede principal",
    "en el galpón de Guarenas",
    "en la oficina de Chacao",
    "en la planta de Valencia",
    "en el almacén de Maracay",
    "en la sucursal de Barquisimeto",
    "en la torre administrativa",
    "en el centro de distribución de Puerto Ordaz",
    "en la obra de la autopista",
    "en la agencia de Maracaibo",
];

const SINCE: &[&str] = &[
    "desde esta mañana",
    "desde ayer en la tarde",
    "desde el fin de semana",
    "desde hace tres días",
    "desde el corte eléctrico del lunes",
    "de forma intermitente esta semana",
];

const IMPACT: &[&str] = &[
    "Afecta a todo el equipo de ventas.",
    "Los supervisores no pueden coordinar las entregas.",
    "Es urgente: la gerencia depende de estas líneas.",
    "Solo afecta a algunos usuarios del tercer piso.",
    "Ya se reinició el equipo sin resultado.",
    "Se probó con otra SIM y el problema sigue.",
    "",
    "",
];

const FIRST: &[&str] = &[
    "Ana", "Luis", "María", "José", "Carmen", "Pedro", "Lucía", "Andrés", "Rosa", "Miguel",
    "Isabel", "Jorge", "Patricia", "Rafael", "Gabriela", "Héctor",
];
const LAST: &[&str] = &[
    "Pérez",
    "González",
    "Rodríguez",
    "Hernández",
    "García",
    "Martínez",
    "López",
    "Díaz",
    "Ramírez",
    "Sánchez",
    "Álvarez",
    "Núñez",
    "Castillo",
    "Ibáñez",
];

const STAFF_NOTES: &[&str] = &[
    "Se revisó la celda {cell}: alarma de energía en el sitio, se escala a COR.",
    "Verificado en el HLR: la línea está activa y sin bloqueos.",
    "Se reprogramó la SIM por aire; pendiente confirmación del cliente.",
    "Cliente indica que el problema persiste después del reinicio.",
    "Se abrió orden de trabajo para la cuadrilla de transmisión.",
    "Reparación del enlace de microondas completada en el sitio {cell}.",
    "Se coordinó visita técnica con el contacto de la empresa.",
    "El equipo fue enviado al centro autorizado para su reparación.",
    "Se detectó congestión en la radiobase {cell} en horas pico.",
    "Se actualizó el perfil de datos de la línea {line}.",
];

const PUBLIC_NOTES: &[&str] = &[
    "Estimado cliente, estamos revisando su caso y le informaremos del avance.",
    "Le confirmamos que la falla fue escalada al área técnica.",
    "Gracias por su paciencia; la reparación está en curso.",
    "Por favor reinicie el equipo y confírmenos si recupera el servicio.",
    "Su caso quedó resuelto; si la falla vuelve, responda a este mensaje.",
];

fn pick<'a>(rng: &mut StdRng, options: &[&'a str]) -> &'a str {
    options[rng.random_range(0..options.len())]
}

/// A description as the call center writes down what the customer said.
pub fn description(rng: &mut StdRng, fault_type: &str, line: &str) -> String {
    let mut text = format!(
        "{}{} {} {}.",
        capitalised(symptom(rng, fault_type)),
        if rng.random_bool(0.3) {
            format!(" (línea {})", national(line))
        } else {
            String::new()
        },
        pick(rng, PLACES),
        pick(rng, SINCE),
    );
    let impact = pick(rng, IMPACT);
    if !impact.is_empty() {
        text.push(' ');
        text.push_str(impact);
    }
    text
}

/// A reporter's name.
pub fn person(rng: &mut StdRng) -> String {
    format!("{} {}", pick(rng, FIRST), pick(rng, LAST))
}

/// A mobile number in international form.
pub fn phone(rng: &mut StdRng) -> String {
    let code = pick(rng, &["414", "424", "416", "426", "412"]);
    format!("+58{code}{:07}", rng.random_range(0..10_000_000))
}

/// A note of the operator's staff (internal) or to the customer (public).
pub fn note(rng: &mut StdRng, internal: bool, line: &str) -> String {
    if internal {
        pick(rng, STAFF_NOTES)
            .replace("{cell}", &format!("CCS-{:03}", rng.random_range(1..400)))
            .replace("{line}", &national(line))
    } else {
        pick(rng, PUBLIC_NOTES).to_owned()
    }
}

/// `+584161234567` as people write it at home: `0416-1234567`.
fn national(line: &str) -> String {
    let digits = line.trim_start_matches("+58");
    if digits.len() == 10 {
        format!("0{}-{}", &digits[..3], &digits[3..])
    } else {
        line.to_owned()
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn generated_text_reads_as_spanish_and_varies() {
        let mut rng = StdRng::seed_from_u64(1);
        let a = description(&mut rng, "no_signal", "+584161234567");
        let b = description(&mut rng, "dropped_calls", "+584161234567");
        assert_ne!(a, b);
        assert!(a.ends_with('.') || a.ends_with(')'), "{a}");
        assert!(a.chars().next().unwrap().is_uppercase(), "{a}");
        assert_eq!(national("+584161234567"), "0416-1234567");
        let n = note(&mut rng, true, "+584161234567");
        assert!(!n.contains('{'), "{n}");
        assert!(phone(&mut rng).starts_with("+58"));
    }
}
