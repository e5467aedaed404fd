//! The demo operator's fixed data: users with their fixed tokens (listed
//! in the README), groups, fault types, companies, the repair network,
//! devices, people and the complaints they report.

use averias_domain::{Role, SecondLevel, Severity};

/// The demo users: (name, role, group, fixed API token). Documented in the README.
pub const DEMO_USERS: &[(&str, Role, Option<&str>, &str)] = &[
    ("admin", Role::Admin, None, "demo-admin"),
    (
        "teleservicio",
        Role::Teleservice,
        Some("teleservice"),
        "demo-teleservice",
    ),
    ("csm", Role::Csm, Some("csm"), "demo-csm"),
    ("cor", Role::Cor, Some("cor"), "demo-cor"),
    ("sigis", Role::Sigis, Some("sigis"), "demo-sigis"),
    ("gsac", Role::Gsac, Some("gsac"), "demo-gsac"),
    (
        "centro-chacao",
        Role::InstallationCenter,
        Some("center-chacao"),
        "demo-center",
    ),
    (
        "almacen",
        Role::Warehouse,
        Some("almacen-capital"),
        "demo-warehouse",
    ),
    (
        "atencion-empresas",
        Role::CustomerServiceMgmt,
        Some("customer-service-mgmt"),
        "demo-csmgmt",
    ),
    (
        "desarrollo-producto",
        Role::ProductDevelopment,
        Some("product-development"),
        "demo-product",
    ),
    (
        "consultor-ventas",
        Role::SalesConsultant,
        None,
        "demo-consultant",
    ),
    ("crm-empresas", Role::Integration, None, "demo-integration"),
];

/// The demo customer contact: a user of account 1001.
pub const DEMO_CUSTOMER: (&str, &str, &str) = ("cliente-1001", "1001", "demo-customer");

pub(crate) const GROUPS: &[(&str, &str, &str)] = &[
    ("teleservice", "Teleservicio *626", "teleservice"),
    ("csm", "Centro de Servicio y Monitoreo (CSM)", "csm"),
    (
        "cor",
        "Centro de Operaciones de la Red (COR)",
        "second_level",
    ),
    ("sigis", "SIGIS — plataformas y sistemas", "second_level"),
    (
        "gsac",
        "Gerencia de Soporte al Cliente (GSAC)",
        "second_level",
    ),
    (
        "center-chacao",
        "Centro de Instalación Chacao",
        "installation_center",
    ),
    (
        "center-valencia",
        "Centro de Instalación Valencia",
        "installation_center",
    ),
    (
        "center-maracaibo",
        "Centro de Instalación Maracaibo",
        "installation_center",
    ),
    (
        "customer-service-mgmt",
        "Gerencia de Atención al Cliente, Cantv Empresas",
        "management",
    ),
    (
        "product-development",
        "Coordinación de Desarrollo del Producto",
        "product_development",
    ),
];

pub(crate) const FAULT_TYPES: &[(&str, &str, Severity, SecondLevel)] = &[
    (
        "no_signal",
        "Sin señal o sin cobertura",
        Severity::Major,
        SecondLevel::Cor,
    ),
    (
        "dropped_calls",
        "Llamadas caídas",
        Severity::Major,
        SecondLevel::Cor,
    ),
    (
        "slow_data",
        "Datos móviles lentos o sin navegación",
        Severity::Minor,
        SecondLevel::Cor,
    ),
    (
        "sms_failure",
        "No envía o no recibe SMS",
        Severity::Minor,
        SecondLevel::Sigis,
    ),
    (
        "voicemail",
        "Buzón de voz no disponible",
        Severity::Minor,
        SecondLevel::Sigis,
    ),
    (
        "roaming",
        "Roaming internacional no funciona",
        Severity::Major,
        SecondLevel::Sigis,
    ),
    (
        "device_failure",
        "Falla del equipo terminal",
        Severity::Minor,
        SecondLevel::Gsac,
    ),
    (
        "sim_failure",
        "SIM dañada o no reconocida",
        Severity::Minor,
        SecondLevel::Gsac,
    ),
    (
        "line_blocked",
        "Línea bloqueada o suspendida por error",
        Severity::Major,
        SecondLevel::Gsac,
    ),
];

pub(crate) const COMPANIES: &[&str] = &[
    "Distribuidora El Ávila C.A.",
    "Transporte Los Llanos S.A.",
    "Constructora Orinoco C.A.",
    "Farmacias Salud Total C.A.",
    "Alimentos La Sabana S.A.",
    "Seguros Caribe C.A.",
    "Clínica Santa Rosa C.A.",
    "Inversiones Guayana S.A.",
    "Logística Puerto Cabello C.A.",
    "Universidad del Centro",
    "Hotel Margarita Suites C.A.",
    "Banco Comunal del Sur",
    "Agroindustrias Portuguesa C.A.",
    "Petroservicios Zulia S.A.",
    "Textiles Aragua C.A.",
    "Editorial Caracas C.A.",
    "Supermercados Familia C.A.",
    "Mensajería Veloz C.A.",
    "Cooperativa Andina de Transporte",
    "Laboratorios Tamanaco C.A.",
    "Ferretería Industrial Lara C.A.",
    "Consultores Asociados Chacao",
    "Alcaldía de Ejemplo",
    "Gobernación de Ejemplo",
    "Minera Bolívar S.A.",
    "Cementos del Oriente C.A.",
    "Panadería La Espiga C.A.",
    "Seguridad Integral 24 C.A.",
    "Refrigeración Maracay C.A.",
    "Automotriz Barquisimeto C.A.",
    "Turismo Los Roques C.A.",
    "Electro Hogar Valencia C.A.",
    "Pesquera Cumaná C.A.",
    "Arquitectura y Diseño C.A.",
    "Colegio San Ignacio de Ejemplo",
    "Servicios Médicos Mérida C.A.",
];

/// (code, name, business unit, address)
pub(crate) const WAREHOUSES: &[(&str, &str, &str, &str)] = &[
    (
        "almacen-capital",
        "Almacén Región Capital",
        "Región Capital",
        "Zona Industrial La Yaguara, Caracas",
    ),
    (
        "almacen-occidente",
        "Almacén Región Occidente",
        "Región Occidente",
        "Av. 17 Los Haticos, Maracaibo",
    ),
];

/// (code, name, area, warehouse, address)
pub(crate) const CENTERS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "center-chacao",
        "Centro de Instalación Chacao",
        "Caracas",
        "almacen-capital",
        "Av. Francisco de Miranda, Chacao, Caracas",
    ),
    (
        "center-valencia",
        "Centro de Instalación Valencia",
        "Carabobo",
        "almacen-occidente",
        "Av. Bolívar Norte, Valencia",
    ),
    (
        "center-maracaibo",
        "Centro de Instalación Maracaibo",
        "Zulia",
        "almacen-occidente",
        "Av. 5 de Julio, Maracaibo",
    ),
];

pub(crate) const DEVICES: &[(&str, &str)] = &[
    ("ZTE", "Blade A72"),
    ("Samsung", "Galaxy A15"),
    ("Samsung", "Galaxy A05s"),
    ("Huawei", "Y9 Prime"),
    ("Motorola", "Moto G24"),
    ("Xiaomi", "Redmi 13C"),
    ("Vtelca", "Caribe 3"),
];

pub(crate) const PEOPLE: &[&str] = &[
    "María González",
    "José Rodríguez",
    "Carmen Pérez",
    "Luis Hernández",
    "Ana Martínez",
    "Carlos Ramírez",
    "Rosa Torres",
    "Pedro Flores",
    "Yolanda Díaz",
    "Miguel Rojas",
];

pub(crate) const COMPLAINTS: &[(&str, &str)] = &[
    (
        "no_signal",
        "Las líneas de la sede principal no tienen señal desde esta mañana.",
    ),
    (
        "dropped_calls",
        "Las llamadas se caen a los pocos segundos en la zona industrial.",
    ),
    (
        "slow_data",
        "La navegación de datos es muy lenta en todas las líneas de la flota.",
    ),
    (
        "sms_failure",
        "No se reciben los SMS de verificación bancaria.",
    ),
    (
        "voicemail",
        "El buzón de voz indica que no está disponible.",
    ),
    (
        "roaming",
        "El gerente está en Bogotá y su línea no registra en roaming.",
    ),
    (
        "device_failure",
        "El equipo se reinicia solo y no carga la batería.",
    ),
    (
        "sim_failure",
        "El teléfono indica 'SIM no válida' tras una actualización.",
    ),
    (
        "line_blocked",
        "La línea aparece suspendida aunque la cuenta está al día.",
    ),
];
