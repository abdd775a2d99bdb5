--
-- PostgreSQL database dump
--

\restrict f4w9zVVJqE9PdQalzfDHsnwcE8Mc7mz0F2HSzhUNU8j9yaJsLqPShM1Q4zWoqDt

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: sitrep_append_only(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.sitrep_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RAISE EXCEPTION 'the timeline is append-only: add a correcting record instead'; END $$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: records; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.records (
    id integer NOT NULL,
    content_hash character varying(64) NOT NULL,
    metric character varying(80) NOT NULL,
    value double precision NOT NULL,
    unit character varying(40) NOT NULL,
    scope text DEFAULT ''::text NOT NULL,
    observed_at timestamp without time zone NOT NULL,
    reported_at timestamp without time zone,
    entered_at timestamp without time zone NOT NULL,
    source text NOT NULL,
    source_url text DEFAULT ''::text NOT NULL,
    author text DEFAULT ''::text NOT NULL,
    note text DEFAULT ''::text NOT NULL,
    corrects integer,
    batch character varying(32) NOT NULL
);


--
-- Name: records_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.records_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: records_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.records_id_seq OWNED BY public.records.id;


--
-- Name: retractions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.retractions (
    record_id integer NOT NULL,
    author text NOT NULL,
    reason text NOT NULL,
    entered_at timestamp without time zone NOT NULL
);


--
-- Name: station_event_authors; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.station_event_authors (
    station_event_id integer NOT NULL,
    author text NOT NULL
);


--
-- Name: station_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.station_events (
    id integer NOT NULL,
    content_hash character varying(64) NOT NULL,
    station_id character varying(80) NOT NULL,
    status character varying(16) NOT NULL,
    at timestamp without time zone NOT NULL,
    entered_at timestamp without time zone NOT NULL,
    source text NOT NULL,
    note text DEFAULT ''::text NOT NULL,
    batch character varying(32) NOT NULL,
    CONSTRAINT status_out_or_restored CHECK (((status)::text = ANY ((ARRAY['out'::character varying, 'restored'::character varying])::text[])))
);


--
-- Name: station_events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.station_events_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: station_events_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.station_events_id_seq OWNED BY public.station_events.id;


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    name character varying(64) NOT NULL,
    role character varying(16) NOT NULL,
    password_hash character varying(128),
    created_at timestamp without time zone NOT NULL,
    CONSTRAINT role_known CHECK (((role)::text = ANY ((ARRAY['viewer'::character varying, 'editor'::character varying, 'admin'::character varying])::text[])))
);


--
-- Name: records id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.records ALTER COLUMN id SET DEFAULT nextval('public.records_id_seq'::regclass);


--
-- Name: station_events id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.station_events ALTER COLUMN id SET DEFAULT nextval('public.station_events_id_seq'::regclass);


--
-- Data for Name: records; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.records VALUES (1, '022a6d152eeac3369fb44cd4f2b21747abe037cd7bf035be0f4ee866f6079d9b', 'stations_out', 177, 'stations', 'China Mobile', '2025-01-07 01:05:00', NULL, '2026-11-29 19:52:49.464434', 'China Mobile Tibet via Xinhua, 7 Jan 2025 (seed)', '', 'sitrep scenario seed', 'outage counted from the earthquake (09:05); the figure was published later on 7 Jan', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (2, 'b2994e2cce46b4598dda2a24f4a64199ad795db0441306685df101f909e8aa5b', 'stations_out', 56, 'stations', 'China Mobile', '2025-01-07 02:30:00', NULL, '2026-11-29 19:52:49.464434', 'China Consumer News', '', 'sitrep scenario seed', 'time approximate (~10-11:00); conflicts with 177, scope or time of count unclear', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (3, '9279273e8c60468d9026d55ba9791911afd87b8b14c7e89cfd3c8e0a1200266e', 'deaths', 53, 'people', 'Dingri county', '2025-01-07 04:30:00', NULL, '2026-11-29 19:52:49.464434', 'Tibet Autonomous Region earthquake relief HQ via Xinhua (seed)', '', 'sitrep scenario seed', 'Tibet response level II', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (4, 'd5e489b504ab1a8ba11fab2ef84fe4249180a5415851e25bce50a2e3dbc6b7ea', 'injured', 62, 'people', 'Dingri county', '2025-01-07 04:30:00', NULL, '2026-11-29 19:52:49.464434', 'Tibet Autonomous Region earthquake relief HQ via Xinhua (seed)', '', 'sitrep scenario seed', '', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (5, 'c5a519ab1648eaff4832c3db85d976d97b2595dd368a4dc64d01d3c93694ac15', 'deaths', 95, 'people', 'Dingri county', '2025-01-07 07:00:00', NULL, '2026-11-29 19:52:49.464434', 'Shigatse earthquake relief HQ press conference via Xinhua (seed)', '', 'sitrep scenario seed', 'preliminary count', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (6, '3c43f5f8b66f35a0f4d9c884840f88bc603abb17ed538a442a91f3bf52516005', 'injured', 130, 'people', 'Dingri county', '2025-01-07 07:00:00', NULL, '2026-11-29 19:52:49.464434', 'Shigatse earthquake relief HQ press conference via Xinhua (seed)', '', 'sitrep scenario seed', 'preliminary count', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (7, 'ae1ceb05c8171b06f74cdeb1697f94edd7a2b66204ee6d530faa819d8d5c3e98', 'houses_collapsed', 1000, 'houses', 'Dingri county', '2025-01-07 07:00:00', NULL, '2026-11-29 19:52:49.464434', 'Shigatse earthquake relief HQ briefing', '', 'sitrep scenario seed', 'reported as ''more than 1,000''', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (8, '8217c0e00f52c35c8ab04b30b5607900ac294a846bd2b925e208571e5d317647', 'stations_out', 96, 'stations', 'all operators', '2025-01-07 09:00:00', NULL, '2026-11-29 19:52:49.464434', 'MIIT bulletin', '', 'sitrep scenario seed', 'scope differs from China Mobile''s count', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (9, '60c81a6d33f9a986628d0c3e1a7dcd30f6da545d83d0f3d5465aec98235d6b56', 'stations_restored', 22, 'stations', 'all operators', '2025-01-07 09:00:00', NULL, '2026-11-29 19:52:49.464434', 'MIIT bulletin', '', 'sitrep scenario seed', 'scope differs from China Mobile''s count', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (10, 'f1c1f61f37c30eb222f74293535bd972e2399ad1512bf0290892b01c8871e853', 'townships_signal_restored', 3, 'townships', 'China Mobile: Cuoguo, Changsuo, Quluo', '2025-01-07 10:08:00', NULL, '2026-11-29 19:52:49.464434', 'China Mobile Tibet via Xinhua (seed)', '', 'sitrep scenario seed', 'signal fully restored in the three epicentral townships after ~9 hours', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (11, 'd6146e5eed599d1197268d964bcec1ee0664f46b7176d1ce3789669c85a552e6', 'stations_restored', 113, 'stations', 'China Mobile', '2025-01-07 11:00:00', NULL, '2026-11-29 19:52:49.464434', 'China Mobile Tibet via Xinhua (seed)', '', 'sitrep scenario seed', 'rest in progress; 57 staff', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (12, '763255edfe338ab490ad15813af83abb1c5105b86979e82031d37dd6554db0c2', 'deaths', 126, 'people', 'Dingri county', '2025-01-07 11:00:00', NULL, '2026-11-29 19:52:49.464434', 'Xinhua / China Daily', '', 'sitrep scenario seed', '', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (13, '4248dc718cce66432dbe360c951fc550fd6af3f788616079837b8d0cd7d10573', 'injured', 188, 'people', 'Dingri county', '2025-01-07 11:00:00', NULL, '2026-11-29 19:52:49.464434', 'Xinhua / China Daily', '', 'sitrep scenario seed', '', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (14, '37c3c2fce340a90ff73be162261e0ecae823016e615a03008c3bc29bf1ad567a', 'houses_collapsed', 3609, 'households', 'Dingri county', '2025-01-07 11:00:00', NULL, '2026-11-29 19:52:49.464434', 'Xinhua / China Daily', '', 'sitrep scenario seed', 'households whose houses collapsed', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (15, '30fb39a900bbb29c58638d37d54e79c2139b85e3922174f9c2e1d4d5363ca952', 'relocated', 30400, 'people', 'Dingri county', '2025-01-07 11:00:00', NULL, '2026-11-29 19:52:49.464434', 'Xinhua / China Daily', '', 'sitrep scenario seed', 'reported as ''30,400+''', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (16, '6d25c4ae782c777595c0a7289b1233e2e677d592bfd69e60dd5cdddbe14c98fc', 'stations_restored', 35, 'stations', 'China Telecom', '2025-01-07 18:30:00', NULL, '2026-11-29 19:52:49.464434', 'Bastille Post', '', 'sitrep scenario seed', 'time approximate; the last of 35 damaged China Telecom stations reconnected', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (17, '72daeec9c6995cd0e11a5211a9ee06c30c049fb5b06b8d951eb00e51be5a5ae6', 'deaths', 126, 'people', 'Dingri county', '2025-01-08 22:00:00', NULL, '2026-11-29 19:52:49.464434', 'CNS briefing', '', 'sitrep scenario seed', 'time approximate', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (18, '0b1560e86eceb530a3777f0b31ebf589b3eae88c1809dbea48bf6043ad247d43', 'injured', 337, 'people', 'Dingri county', '2025-01-08 22:00:00', NULL, '2026-11-29 19:52:49.464434', 'CNS briefing', '', 'sitrep scenario seed', '337 treated in all; time approximate', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (19, 'fe5bec71c1485f3e9abe79531d1482b098891e9a3f7a85f95046f37671c38a38', 'houses_collapsed', 3612, 'households', 'Dingri county', '2025-01-08 22:00:00', NULL, '2026-11-29 19:52:49.464434', 'CNS briefing', '', 'sitrep scenario seed', 'time approximate', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (20, '657ea3962e97c74233d7dc4660bb61a59b0aa70bef56f81dd97c0e1b9783fa7e', 'houses_damaged', 27248, 'households', 'Dingri county', '2025-01-08 22:00:00', NULL, '2026-11-29 19:52:49.464434', 'CNS briefing', '', 'sitrep scenario seed', 'time approximate', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (21, '6326e7f6a4d1bfb7691914e5ba43475f2cf8890b2b89f54c68ad6e9fc5471ee5', 'relocated', 47500, 'people', 'Dingri county', '2025-01-08 22:00:00', NULL, '2026-11-29 19:52:49.464434', 'CNS briefing', '', 'sitrep scenario seed', 'resettled; time approximate', NULL, 'seed-dingri-2025');
INSERT INTO public.records VALUES (22, '84eb1c2d87ac56fd3f231a7d6dc6cca4fd18499e350f4a2de4e6e145b1f47ab8', 'deaths', 130, 'people', '', '2025-01-07 12:00:00', NULL, '2026-11-29 19:52:49.750213', 'v0 test', '', 'li.wei', 'typed by hand', NULL, 'b18ec9c1601f787e4');
INSERT INTO public.records VALUES (23, '540a9047b6c0ad3e1265ea58ebc278ff3b9e2f1ee6bb35f1e349c003a81f88e2', 'deaths', 131, 'people', '', '2025-01-07 12:00:00', NULL, '2026-11-29 19:52:49.757984', 'v0 test', '', 'li.wei', '', 22, 'b18ec9c16026e3e1e');


--
-- Data for Name: retractions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.retractions VALUES (1, 'admin.zh', 'v0 test: duplicate of a later figure', '2026-11-29 19:52:49.791032');


--
-- Data for Name: station_event_authors; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.station_event_authors VALUES (291, 'li.wei');


--
-- Data for Name: station_events; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.station_events VALUES (1, '4d89bc9d4a285448c2abe2feedcdc90ce5db1be86f890c9d280eae31e5ec701e', 'bs-0001', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (2, 'aa425bf151b94f9995fcf44568d18588f8caf26f24c33965f374d71fd6c4c46a', 'bs-0007', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (3, 'f80a698bf6882874df37c536b15cd3cb2a1d57049ad85c7035cbafed19ad4ded', 'bs-0010', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (4, '7ab8521434c6f660d1efcf7178d17d6f80b995ae5933d42ce757d36ff6ab3ddf', 'bs-0024', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (5, '362c39e745c98111123c1c81073e06b6bc94f909819f63f3d3e5cdeede819a8f', 'bs-0035', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (6, '0b9a85337c40e8bc95dc9b9757fe9327bca7490882153ac5cf6013b5ed95563e', 'bs-0036', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (7, '11ab91a65e18f44ca7a767eb64f1023edd7cc2b215795caf3b092de29806ca90', 'bs-0050', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (8, '9bdadf864d14796cf745c3451b1c6aa9f4008b225fdd6e5809a8647ce13c0900', 'bs-0051', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (9, 'f516d1a7c50f2dc191ab209092fc0ed9959eaf43101ae3fea4cb805bb32de441', 'bs-0065', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (10, 'b0ff28e2c4f8acfc0330d732de4d6c7db85a18ba2fe5d68b19a1902c542424fe', 'bs-0068', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (11, 'c5abd931d4b10881c7a360d76f04b46e71611bf3582314dd04dd1d612febf8be', 'bs-0070', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (12, 'eaf50426cffab1c0e6f0cc5ba23d11059e6be6ca95e792fa1111c3018d7d4535', 'bs-0073', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (13, '81c4e334053bc96c229a17496b75dcddde139ce2ec60c4006710b960971f0c89', 'bs-0089', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (14, '787bb365bf7cbd083da4b0b4eddbfa19e7a76e497d096b5e01f0b2e9e463f501', 'bs-0097', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (15, '64c51ec4ea41e84f63ef4e194c45e7d621b3df1582a8c7f10b11ec0ad7973389', 'bs-0102', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (16, 'eaed32f3c68eac817f1f0f6936b5dc7ca60927847efc98b10739be2a2a75371d', 'bs-0103', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (17, 'ae12cc0e9e2239215068fab37c876d515c3b70985c282cd0509fa98bdf5bd95f', 'bs-0105', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (18, 'a3772133f8a74222bba0b7c322f2693c813b67a29fa191c990ffd9ec1e2419a9', 'bs-0110', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (19, '5db86c05a33090d21fb92a5e8393909b6e912e6c129e0d59c978484234669d0e', 'bs-0115', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (20, '9ec62941ce8292f1ba5211baa1af8a263e9a177bf81ad3e8594e15f8011aa4f5', 'bs-0122', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (21, '9ea39d3b5e72423bd54528ec9157c10398be3841cbe9d4bc5bde15494474f07a', 'bs-0125', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (22, 'f12f3da76144d4a41417bac2503fc1f51a4764d4f8e77f4fea385a69f7dbb24e', 'bs-0131', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (23, '98b8cac1d95466139bc8c7e7a11515939625f1366eed83a0f17a1ab32f6e5fba', 'bs-0143', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (24, '5aba6bc5e7f1ec559ad4cf760cc4a683b166dbaef1b328e51ec4878f3728d688', 'bs-0144', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (25, '8a34e3f368ed9f92f3eca140e53227cd5ed7998e478afe4c4e8609327ecb00af', 'bs-0149', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (26, '40b29ccc42435125fd940b56a0fab43888ca9b85e68b998996db4f9c67537e13', 'bs-0153', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (27, '34b0bbc1c9fda08ce6b26f8f5300127385c8393682a4ccdb31fdbe05bbff8b22', 'bs-0154', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (28, 'f10f006eaf44a8ef6b7118819b4fbb0f0d3997514688395bae5fbfffa53d35cf', 'bs-0156', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (29, 'c74263651c57cb848852fe04d91b10cd508445cfc164039e47c66cd908f7fa6d', 'bs-0159', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (30, '87cad4a07727cca113094395449bda8cd3de273337fc85e0953534ef1d160291', 'bs-0160', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (31, 'd6c8dbf4784f5ccdce59a2e1ddfe7ce441e4ca76198bc4da04380a3f6420b912', 'bs-0164', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (32, 'ed159082684a292c7d0ebfb066db8b8d9059df2bc0ec2c643ba1e7c460bb14b0', 'bs-0167', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (33, 'e04df820a1afc12d584365b0d1855a0e661fd2a9b3c29886ad6b15dc99d2152c', 'bs-0186', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (34, '0ca8fba7f8fdf0e8dfdfedf88ce65d14616c3794844c07795311a763c9c01ae1', 'bs-0194', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (35, 'aeed6d6bdb42e67ceba0efdf7c115549ad7ac0c75cd46a7a9e34b1e399f96ebe', 'bs-0196', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (36, 'c772b4917f37d43bd05f5910546b29b7b7de6023a5ae546edd965896419551ef', 'bs-0199', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (37, '8ad712cdcd85bccf9b6765509cd1fc76967ee805f94e53dac05b0295a451bbe4', 'bs-0212', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (38, '8ff5768003cb97e6486343c4e64e71690ba2bf3d0494f44a0d689820c2efffee', 'bs-0213', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (39, '5297854f38ca1502cf4f4fdae63d94f5ceb546cbfff32d0091125205faec5a48', 'bs-0214', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (40, '7888c32d5452c929288cc7de6b3a7e8c10a3b06c736ab6a8cfab3db1ce38251b', 'bs-0223', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (41, '59b3a83beebe4aadaff10d563ecbd0c0789e28de7a051a3b0152e418b35d7a76', 'bs-0225', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (42, '978e6023d8da0524d93b8ba7a47dec120ff6188ebed2d87fe1235538380b5fbc', 'bs-0228', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (43, '8bca7689cb3f08d2056bbf83454dfb34b8c1273266c7b153f968523784b39db7', 'bs-0230', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (44, '661a857d3cb9ce230ebfc18587881d67616df7fafbfb0781811fa594ab4c5021', 'bs-0231', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (45, 'cecb88514b7834649f4d11f4167538cc7a80aecb56ffb68eb5b071549931a057', 'bs-0233', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (46, 'e832df5e6e3388cd4d4927ad97c2dfd71af87390415748391c10f0e17ea93e28', 'bs-0234', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (47, 'b309f2e8e1d8447b9f932d889d5968f7a35a6661dbbef55f6c8bbf9a884bb175', 'bs-0235', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (48, '0b20673fd2e761f3d974f468b933d7ee1da6210965a254ab311a59077a6dca2e', 'bs-0236', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (49, '372fe69230e5f27d2bd89e25a61ad6dac7f93d01393c22d5be3610b45e96e719', 'bs-0244', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (50, '65680b16a7976a3354a72e4ec92a308ae8847c8d842e7fc808696dbb14311f1d', 'bs-0247', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (51, 'c59c490372374e64a97495cc507e08c4c1b98ededaabb4aa90448ae51aff4f58', 'bs-0248', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (52, '63828cc921e8bd69fea4172e3460bfcece2f0e6a857f64da1ec531f16dd9463f', 'bs-0249', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (53, '26c21e538d4079d5d31253b9da351e1d3af70a1a22e29c32ac99061bdaab118e', 'bs-0255', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (54, 'bd0abba7a3b3a198284605bc43dffd50b6516a5be6ef3a01eeb1ebd73af64317', 'bs-0257', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (55, '5af2216a80ca7894799b650360a371c93642761e901079c084de1e822d50a83e', 'bs-0267', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (56, '86154382ff817577f13bed61da5e390a27b730c2c313e99dc5ad7024190af8c0', 'bs-0269', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (57, 'c3c5449eb1469501d9eae7da33ea1117a2da3da2df579b415b3a94e0b6cf2907', 'bs-0272', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (58, 'f6c24b05a0fd4cd11fffb6777bcba53045433192c5df0b6e19a21751b1148755', 'bs-0274', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (59, 'b99fc7eca5a6234152af9b271c40ccffe278b4bf680a8d13d5a61f8d5999d06a', 'bs-0276', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (60, 'dc774ca3c3214b9056e9811e527adda5652123d42be5ac3fc9a90d38a1b72a99', 'bs-0278', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (61, '4bebda406dc822db7a45bd519a1c35b600b7d10c785236af801420a1d8fdafc4', 'bs-0281', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (62, '238d08496e0392df7da00485357db11b4b21a66f7606550317f7132249d3cd80', 'bs-0286', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (63, '2680ff05bff6487f0240f74c497e3bf144f191aab5efa8315c2bf9a6ad32380d', 'bs-0288', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (64, '3d90a0073cb05fec2dad0ba7e236e2ad09ef9bae3a603114820053fed7e4fe91', 'bs-0290', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (65, '00e9ee21ebf0715eab02be559768400eabb08611454d2a506d400e71deacd24e', 'bs-0293', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (66, '27251e5bb2d2793ac3428ddc1b95cd70fc4002159efb4b9edb5d0e7670fa7b75', 'bs-0294', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (67, '5b94e267a985061f661585719d2ffbeedbab628370e0ad733f0a37e6f47f0fe5', 'bs-0297', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (68, '2d843b9a78b5c180edb77b4c8b3e4e51e95ab394559646cf7df039d317626dcb', 'bs-0300', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (69, 'afb0b0f370c149239a9faf40eeaa31641b1d68fed6156463f8a3d5d7b7dc1b9f', 'bs-0301', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (70, '8c138a413d85d86ba5a18ed0330b1112768eb2ee604010e14b52d08d839b1274', 'bs-0303', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (71, 'd905d023c59155fe99dfc8dd833962870d51ed4cd0dbb2c201beecc41d7b9abd', 'bs-0304', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (72, '4cc87a2c4ade5fff4e293d32004061a7474a7022f237599e3e314f53b40754d1', 'bs-0305', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (73, 'b84098a6fb3fcd5bbe9755c1c020aff003b22d9db355e6f682b340df152d1625', 'bs-0307', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (74, 'c85dd7ecd7ab3730bc0a8d0e809fc2ca8d289403ba6214b1fd7605b08adef34c', 'bs-0309', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (75, 'f31b15cc553bb16c0ac718d4a616b59ce35ad3170db21be2f8f0cdda4d72bd38', 'bs-0312', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (76, 'e9ca25ffcb696f93dac161e66af9b387647dd48f13eab07a714d0322a12d3fd9', 'bs-0313', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (77, 'e58cf56fc1f535ad95f28f85eec004010dee6684191bdcfc8f05050fb4c65e88', 'bs-0314', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (78, '9f65286375fcda30b4ba1de717df2efd15d92cfbb4d5f01b07cf26aa11239123', 'bs-0318', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (79, '5cc54be100c528f0d0b5452ac99f352b85bdd30e7ce62db340f78d81d78aa787', 'bs-0331', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (80, '9a68db782a1596979ad3f98c1cd0055ef569f48287e162490b84f72f75b23c06', 'bs-0334', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (81, '59316b4feb2a42917350b963f2c4a64d2cda57bd60060049d3e87fcea0bc7c93', 'bs-0338', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (82, 'a5028f96e20921a9687137765014f0343ffe7a72b497d8d4f457425fcbb260d1', 'bs-0339', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (83, '930fd1248912a0e091eb974306b228353cf66a31fb8367c5810e76487323f311', 'bs-0341', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (84, '0de5b6a85bb92c6df3923fbf962801033d24f08b1285beb22861c77e80ece7aa', 'bs-0344', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (85, 'de71d4fe1cc1794dcab4c79456690fac495c919918329b75e4c7686c7a0569f0', 'bs-0355', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (86, 'dd80856cba7512dce71572c65782fe9b7db5f71859eb9aecc266d8ff676ebd2e', 'bs-0365', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (87, 'a836029b39117190cdbbc897077836646176844797b085a45411aaae615d7006', 'bs-0366', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (88, 'a738e58dc7ebfde15dd085ce20a8db315ad986680de46a76e67811d5eec2c3f0', 'bs-0379', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (89, '684d17470492f5b30419935d9396b5556f35a5bf7aa4ed0ab0d50c6f9c6a3bcf', 'bs-0396', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (90, '358b2e321169338f2f52be9e74c9d59f214dbc8f9299e4816fa0694a365fce46', 'bs-0405', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (91, 'c4ad1a953fd3e29cdb9c597900081b5290b4e8f0e56aeb397d269955a2027374', 'bs-0411', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (92, '1168734466c9a3c553369cc6b0be1d7a7402eb726bc73f58d8068def6e382893', 'bs-0415', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (93, '19af30cfae37a2c980d8589097b71ddf86a1708ed53d0856f57b1ce9c3861a64', 'bs-0417', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (94, 'f79b5c9254a2a02b0076eaa4240931166271601741a5493ce0ce156cedf1369a', 'bs-0419', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (95, '2e60ac4202c32789f18b354e2652fd20e007e3eb99a69160838a926d43d365a1', 'bs-0420', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (96, '8948f87a71c303c82000fc9025ccf182c3227b7a4baf2073460de0ac27768104', 'bs-0422', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (97, '3159e500c9b2acde11fddc94424ab6d827dd500da1c28fec0053db6ad84562a9', 'bs-0423', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (98, 'a03da838a02beac8869a5e11a0ed5a093537e7d7239d8e47668d6e7c659b89de', 'bs-0427', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (99, 'f95180f26f803c1bac11c8bd33de523e53ced35e6a3de4549faca2118569f221', 'bs-0428', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (100, '9a05baa8cba87cb1bef685b751cb7668f0693ca26fe444b972afde1597af2687', 'bs-0430', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (101, 'aa71ecc0f2bed0cd2b53234c2410ae4212aec9978fb8bd89e32b632359a44e7e', 'bs-0431', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (102, '193cba5354d7c61d23fc3973aa629a09c8a626a63170b695e054413cd4d02957', 'bs-0432', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (103, 'e663284a443073818c4c65e08bbd3ef04a9b24cc232ae1130fa76df287e2b024', 'bs-0433', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (104, '27995a65ef3c29c83ff72d3ca4b99aa62e9add7c4f2a0499e6a3a20c65b88a0a', 'bs-0436', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (105, 'bde49a1555f518942a6d5b524123d344344bf7db2ddef0feb2745fa6694e27ba', 'bs-0439', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (106, '8e3bf498bb9dbe7d60ecf54cf3df2f77446c00531133798906376bbfe2643a9a', 'bs-0445', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (107, '652f87ea240fcb0885f4518e052647c0fc2c1ba55523d7cadd92639609946a94', 'bs-0446', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (108, '78a1ca8086c92dd3b43bcd54ed5b7e8bfde77263fe28a7e0443afd7f9912e1d0', 'bs-0447', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (109, 'da5ebd1dec80aec981e51ec9a3bd3ef5b8272f7d01b9d20393e79868bf2a2fc8', 'bs-0451', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (110, '19fb92d29d8c58967eb965e390795bb712b6f4d1dd2b6f67f5bab0f9ab27986f', 'bs-0454', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (111, '8eff3a9db2bbde8a7c81e110d34c3b9ecd6c7d1da676a3927d7bac5492810dce', 'bs-0455', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (112, 'a6c116a8a13198b7a75d40ee96dab5d5a70206428d4acf38e83a3f322dff21c2', 'bs-0457', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (113, 'a32ba2ea568f4e0c089c23f999c4ec994887362df2dd6287553dbae9fa01fcb9', 'bs-0458', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (114, 'f950495bf85d305d2715cfaf6acdba243ede2e0054a8b2a2f8ff47a7758452d4', 'bs-0463', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (115, 'f50408ccc1e827e3c0f6274b77f12c865901269eb0b0c52dd6337f985ebc83ee', 'bs-0466', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (116, 'd49960b8393f98fc510daa348f47feffec83d6009aebf78f10e0b73469ca0134', 'bs-0470', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (117, 'be108b358a320bd7e4598cb552d7a00c9fffa70e3890ef33a986f3689daece30', 'bs-0471', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (118, '704205bb1fe15488a60cf711d15ff69cbed971999f7bfd7c812c15b468208f64', 'bs-0474', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (119, 'aee2f932d239147c20dd957a425b23de3b873c798e17a632fe60e6cb85fe6253', 'bs-0475', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (120, 'a4328401717b072ef8af37da6d4ee3c8e8fe7462b51b2532e25b9d9d51d3d006', 'bs-0476', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (121, '007ec6bd66e5f108a0bfda242aee0a19f1ea4f5a6a0941db234e07d4e682a032', 'bs-0477', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (122, '6eb95866f071f46d099b34e490eaeaafd7ade927bb5a2030d90496aa1ded9755', 'bs-0481', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (123, '0c813c36d6f71cf9a52b97ab27b2dcd33180701b5243c11399a7515d739f7bcd', 'bs-0491', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (124, 'd9b533ab3047a7538894ed3253af50565e82e1ea23e8394cbe79b0e3b5e75edc', 'bs-0492', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (125, 'e7521c52b01c79de36f4a9e89bca1762620e16fdd0170f5ee6c2daf4e074d5c3', 'bs-0494', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (126, '5bdd79e5c98cebbc565c021a75e7102ee606848c2fb124245042147b3cc13a29', 'bs-0503', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (127, 'be6bf2a1328c18147bc1bb3fa03997c8412dafa8e3412dd02fdba34c20ee5e3e', 'bs-0524', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (128, 'a730b9b1513c72a2919b46e7dcb5cbb5ec558777f0685a24144852f86d8fca8d', 'bs-0534', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (129, '960dbc96930042d709ac221e1db90026b689438fbd1c6f22f9abb7393c232ce5', 'bs-0535', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (130, '3cf373510d1537eddb765f62a1ba132909b1ea63d91f4f21c426722317353244', 'bs-0537', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (131, '561b09d443f16597f905f7cff776df1b11614b9c0fe4276ced2a8c294f63c20c', 'bs-0538', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (132, '3a8d7eb003142b54e8aed87862e9e3486569f75c007e8f0016a215c9a087a816', 'bs-0539', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (133, 'b1d554079c54d7b38222c737e137c3d3cc9e6558c91f45d04ad4c02d57884454', 'bs-0541', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (134, 'e2a8cfed5cb63c83fa78aaf7b9fba1e6caa1fe485ff39cb8111ce5fc5354201d', 'bs-0542', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (135, 'dae0869ebb1f9aaab59fa271028492a5fde4c422852337855645e602d84277b5', 'bs-0544', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (136, '6a2d928714d4f05b544974c6d64103f7684655d6a2ef9290e57c0d2da0b2d490', 'bs-0550', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (137, 'dfc683727c29d65b62807f3cead540775e01b5bd0c1d14feef14c1bd3fa164a2', 'bs-0552', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (138, '8896c543a4dd2ebf8dc5c375ea4ce92df6272030c90608585102e19cdc58555b', 'bs-0554', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (139, '192c646f5ad220855b8c8cc30d369b38d9a405f3452aecd9be7c3cc85ffedb72', 'bs-0556', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (140, '2a5829f3cb8be863e46cf6ba2427d2bdd1ec22831e393283bfdc31b506f10fe6', 'bs-0561', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (141, '7a026be58b5e1d257b14c1798e5bb0fa29c4669a8ed97e89e42476f5420f3b13', 'bs-0568', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (142, '2a903015fcd80b05b86ecef838fcfa10d6c0d0fdd3fb146b50eb09cef867d101', 'bs-0572', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (143, 'eccb96ca26fb285087071f696ceda32278b700ed741eb43dcb0a6b2c5186cb00', 'bs-0578', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (144, 'bec0134bd089b833ba898876560ff05f04389550ca19df90569fb0e8055f79d0', 'bs-0584', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (145, '3ec98ac0e81073b9f7bddb9a0e96dc7c4f09990042fa01b4cf2ebe6d43d404ad', 'bs-0592', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (146, 'ae3d628e6c359dbae6ad9a504a53328e8cbf478b28512dc4a84eb8ee50cda004', 'bs-0593', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (147, 'f3fb0d7189d55b1f2dd092180844eefcc88edf635e7e2af50ce4fe22ef527554', 'bs-0594', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (148, 'c5c7fd8ad977f5395b4e18d09ee21976b1c6137fdcb71e0c416ca6032a0a3184', 'bs-0596', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (149, 'bd5d21f31b87b3463122093f2c80439ca89be35c295b74761d5668f6dad9fbd1', 'bs-0597', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (150, 'a02f3b9bd28767a1e47f6becb18d223f6160babe5f515c0117a7cdce44d83c00', 'bs-0602', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (151, '21116887415536aa7f5fe29a9366c13862731ac4c6e1f6a8b6a01f4257608ee3', 'bs-0603', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (152, '8e03e078cf879b6d705d0a7624aff67dff8f52f064636a3d0f19b58decdac964', 'bs-0611', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (153, 'a2fbe88ff0fe88e7f9387bbc462f2a6d140c208fc2fb7ad3aa56141994110082', 'bs-0613', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (154, 'c8be383875cb022165956114c31489a84bcdea64902c285bf948d3efe37fe4d0', 'bs-0626', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (155, '2ba3dabb955f8efce339a7af53b2fe42079684103077856584c333dc3305065f', 'bs-0633', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (156, '818f6750234863ed3cb171eb0bb364e81fc23d3f44327007af64ccd842452e05', 'bs-0666', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (157, '5e4e8fe0dfb2ce7b96f062b9556e5bb01e2738c8d9ea98dffcfb4c19cb8f4f5d', 'bs-0669', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (158, '60a0738472f4cb1568e80c00b0b57066bd5a4608b0fd9b32de2108659f02f9c3', 'bs-0688', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (159, 'a63748d5cdad388f2d46814e93702419dd8e5cedaba16a0741f160becfaa7f43', 'bs-0698', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (160, 'ac9e0c93b3ea62ed59efce1b6996fb79e6e6065fb594c51a61c660b43dcb1822', 'bs-0699', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (161, 'bf704e04cd0ca195f8afb1c58485da289f7d4f44cbf29134210fa2a66d3dc1a6', 'bs-0702', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (162, '42b0d316f9e50477d9db99209d1fdf54f9c198e2fe8783516aa9eae7178160dd', 'bs-0705', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (163, '3339b3da146db857b84d0738abbc22a9dd5ffa36521c2b2ee4a5cdfd2033556f', 'bs-0709', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (164, '3e6b2b87356156c282f5cca339eb1593893ead524df53ab718bdce3b3209929c', 'bs-0711', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (165, '1d69954e70f2c7b2981fe7ab40f3d37c5e04bcb4c96d50346a3b622c61ed1c22', 'bs-0714', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (166, 'ebce6596b97426d603a5e4b481002f9d434283f65df78eec052a07f665c474ca', 'bs-0715', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (167, '59eef3987597c31a909be55824846edafc72aec27dbfdb60b29c835a98c705d1', 'bs-0716', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (168, 'ea7db96fe271a6b5f26b4e1d463b5c4230deb077b5cdab4a4c6b736f5d887aa8', 'bs-0717', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (169, 'e57dbe939c8edee62628f82cf3b408a9f1e9e0dec3463750e9d228296dad0345', 'bs-0720', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (170, 'ba31484ea1fa6fb2e827c34a3469e4928a466ee56cce734c155bfeef551e18ec', 'bs-0723', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (171, '9f6f209a52a4a2032e6182d71a2b3d14c493785e9513ca44403ed47b55747a5c', 'bs-0734', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (172, '5ac50a30c03f1a3ce745ea6951980f1e8509f3002a067d2087bfb21d94ecf496', 'bs-0738', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (173, '39449f4741e1f3e5eaf12ecadb39591eefa30b8fd2d3c27940c8b28fee1d315c', 'bs-0740', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (174, '62460a3437344783afd93f5774e87cafce273d2f66b99746756c138210db8867', 'bs-0746', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (175, '91e124e26c1afb40c03c4e613bac50518e18853a0648cc64bc8374f465bd2bee', 'bs-0748', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (176, '567c866e4193eac75714266698f81d01f2c0e86fa281d0c64bf550c4aecd947d', 'bs-0750', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (177, 'd0d6ea165810ba5dcc21a53b5aa0e0f78814b6c0b93369be3601ddcb850ea5d9', 'bs-0751', 'out', '2025-01-07 01:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (178, '959414cfa4ccf7108bf100b02ce6a24d1c6486fbc91d929a479dd916910d2714', 'bs-0115', 'restored', '2025-01-07 03:35:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (179, 'b99a1ce8154d2222e297e96c1cee0c695cfac8c9fdb06ae1d37dc7c3acc401ae', 'bs-0122', 'restored', '2025-01-07 03:36:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (180, 'f37cb0187b251e7043bfb5e8934bbceed9b1dba1bdc276437a875234feb4ab97', 'bs-0230', 'restored', '2025-01-07 03:40:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (181, '9ef1a51e50b863d425c8a484844cb85b3f7887cb8042298391be32327500f6eb', 'bs-0249', 'restored', '2025-01-07 03:48:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (182, 'c31fd62a25e64ed17f66f2c13d91d64903f05c866dc6d1da17c5aac1598e1468', 'bs-0255', 'restored', '2025-01-07 03:49:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (183, 'd06e42b3bf9467fcf66f9b5765956afe4faf00ab65ee0b5575c1789d7a2696cd', 'bs-0267', 'restored', '2025-01-07 03:58:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (184, 'e375a3d41021406097c45970b359f36350dd02508299fd4fa961e75b53d9442f', 'bs-0269', 'restored', '2025-01-07 03:59:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (185, '3cb9ed25a4553f2a405797594a1ae1344381b85c770ec49daf81b6e01b9f1aa2', 'bs-0272', 'restored', '2025-01-07 04:02:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (186, 'e86e782851fc03294f07b5accc6e4e83428cbe3c91290088ef68e0d5052b38ca', 'bs-0274', 'restored', '2025-01-07 04:14:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (187, '39c4e2ccde16c8238d207314ad4ab3e6f42c5102bdad1367b8ad2f7a0ba4bff3', 'bs-0276', 'restored', '2025-01-07 04:25:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (188, 'd0999fc44f5bbf5daecc7101f7d2e9fd43d77a4a1723223deb48cf7e16e4c15f', 'bs-0281', 'restored', '2025-01-07 04:27:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (189, '1f67891e6f9aa98b69e1f8822e95425107ecc84d0ff18911aa7f7a0a8cdcc849', 'bs-0288', 'restored', '2025-01-07 04:30:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (190, '50a23ac90a9efb2e29aea7e9710041a75309e5c2e05574b691046322f635234c', 'bs-0290', 'restored', '2025-01-07 04:40:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (191, '55016faba476a87bf521d5a338f30edf6b65429c129a6a956c9d07b75bd52ddb', 'bs-0293', 'restored', '2025-01-07 04:46:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (192, '8a563071512459e10684fcb20497672b237336381adb4b386f5e7fdd31345980', 'bs-0294', 'restored', '2025-01-07 04:55:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (193, '9c3f8d0c277c3ba8c3d4d17722c0596910fe695c01ee83af97697da95f103e49', 'bs-0297', 'restored', '2025-01-07 04:55:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (194, '948f1812d43b279d30b232961230f9374c99fba6d0a36d2b5d743f8e87341031', 'bs-0301', 'restored', '2025-01-07 05:01:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (195, '362c9b520b0414271ebe70dacc80aa7d9c1bf7b37c05dbfa223b4467e8e17843', 'bs-0303', 'restored', '2025-01-07 05:10:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (196, 'cea884c2ce9a1a1b4c4d9b9a6e9a05fe1cf5091a9f8241d45fce907273117ec7', 'bs-0304', 'restored', '2025-01-07 05:17:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (197, '5a63af2c7741a932ed648328ffcd80709fc5372dc31a7f45f7d0e50023ec619f', 'bs-0305', 'restored', '2025-01-07 05:21:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (198, '09b9cc6466b0ff791f1f7117033d4519ae870a7f359ec5b56372e334c48d01b5', 'bs-0307', 'restored', '2025-01-07 05:27:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (199, 'c3948177159ce3faa6683962e3efbd4927b6e20bd4a5dcb642f00c95c0b342e4', 'bs-0309', 'restored', '2025-01-07 05:28:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (200, '8642f8b0910e902a5c941ffdf2ed6651d86d85f040514d26318ba7e351e25b80', 'bs-0312', 'restored', '2025-01-07 05:29:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (201, '1e7bfd93f6e3f8616dfe77e43ce2531f94fee6597200edae68057117e705cc02', 'bs-0314', 'restored', '2025-01-07 05:48:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (202, '291688541271f9435d0a13efa9750856afc6b9b0259c64dad0f9bccbf52184dd', 'bs-0318', 'restored', '2025-01-07 06:00:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (203, 'fce1475a4b153b245192d003e977fa1697026a087eed732f9fc8ca04c011ce8e', 'bs-0331', 'restored', '2025-01-07 06:02:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (204, '4defefb61fe349c1b54a01c0a6366b4def2b8d5aff2d87bdfcb66bb06c2b2a14', 'bs-0334', 'restored', '2025-01-07 06:10:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (205, '46768d045f2bb500de3ff77bb3e8889fc1666a56a95774e49b83eb7c064d8d79', 'bs-0339', 'restored', '2025-01-07 06:13:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (206, '2c89e044d18fe0a6a1e22befd320c33edbe578715d8675ebc49bf40d5052c5fb', 'bs-0341', 'restored', '2025-01-07 06:19:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (207, '75b0248a67b2dd704e9cc201d8523b357dec2795927918a69deb6e4e48d81f5a', 'bs-0355', 'restored', '2025-01-07 06:21:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (208, '2baf7e82603c82c7c2bf2249d3bb152b4ce97db5eed579a7e3fdf19d8777a123', 'bs-0365', 'restored', '2025-01-07 06:22:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (209, 'a3f23923ba508208cb53a52b8a6c552f67643335adc40ddeae261c61137495fc', 'bs-0396', 'restored', '2025-01-07 06:24:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (210, 'd955414c3b516fc8c852b3cd2abe2b6d76c0f454508277e5b8ed6618fd050a3e', 'bs-0405', 'restored', '2025-01-07 06:27:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (211, '886d9ce75d9310ce3b91f7451119b00a9d85eda082096f9ad2e58b3757ba0076', 'bs-0415', 'restored', '2025-01-07 06:28:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (212, 'cd4a96decb9d8292d8412ee6853898280cfee46950776bdb9174e0e63e63d9b1', 'bs-0417', 'restored', '2025-01-07 06:33:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (213, '1abc827aa37af643e705a7f326f0da48894d3e5890e7996e4a828d18311d40cd', 'bs-0419', 'restored', '2025-01-07 06:41:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (214, 'ec408ed5f2785f7b3077e8901654e8d3947899fa75a3d47da6343126a085a187', 'bs-0420', 'restored', '2025-01-07 06:43:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (215, 'acfee8927a1ea02f432931bef2a5aec91af8542e63a9f9dd7ed5d38c5c34f279', 'bs-0422', 'restored', '2025-01-07 06:46:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (216, '0ff6ceb70aabd479ba29c199b2b82e0ffe1af22bf89988f70141205b03102c56', 'bs-0423', 'restored', '2025-01-07 06:49:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (217, '29f471311977e9ff41a0eadd76b8b4b83277b25a6fad38a6859e717c1fe058b3', 'bs-0427', 'restored', '2025-01-07 06:57:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (218, '5c7a91c41974865e69e900166f3655473863fe5ace1c8d0cf96e135883a17e97', 'bs-0428', 'restored', '2025-01-07 07:00:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (219, 'fee5373f9c76c86e8187b1e5b745e4f36aa7b8c7d088841bf4efcb009052d57a', 'bs-0007', 'restored', '2025-01-07 07:03:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (220, '583f7b59ef699f0c4eaf9833d61640115e5a69731becb2f258aea7f26df34116', 'bs-0430', 'restored', '2025-01-07 07:04:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (221, '5d679da6d9c86c77d78f60ca275bdb3dc06a707601c7ea5a1a3abe454ccb3b76', 'bs-0010', 'restored', '2025-01-07 07:08:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (222, 'a4662ec330577833e18094f87e8093c8dad999e97763fed425a7d638c90dad02', 'bs-0431', 'restored', '2025-01-07 07:17:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (223, 'b3a28325c321e87e94f25665d7dbea272daf0d1e4aaeb310dc8861f8bcc6bdce', 'bs-0432', 'restored', '2025-01-07 07:18:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (224, '58032d5355dd957d79fc229bd87ad452009460194aa230a848c92665db48ebbb', 'bs-0433', 'restored', '2025-01-07 07:18:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (225, '1162734df6006329ab0d4d46121447f2ace872c6a1969a49f4f322431a54ccb6', 'bs-0436', 'restored', '2025-01-07 07:29:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (226, 'd52941fce37250a24ec2d869a0128c2b2544465656a8cd63695074f7c159cf4c', 'bs-0036', 'restored', '2025-01-07 07:32:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (227, '0a24227033536d04642eb86efcdb3b15f387e6ac3d10303af1c937c8b796349f', 'bs-0439', 'restored', '2025-01-07 07:36:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (228, 'fb073d0145ab4b6f7d3b5fd0ec3e08b0033d5dccd192d13cbc0f20f82a9d77d2', 'bs-0051', 'restored', '2025-01-07 07:36:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (229, '6681cdf5577101a539abd1d4e4e54dd0b233ddea31fdba6413ca813662d8207f', 'bs-0445', 'restored', '2025-01-07 07:37:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (230, '9d5ff42e2505e8a6cac941741aac4e43aebbfb8f70eac0346469e5e26fc4a74f', 'bs-0089', 'restored', '2025-01-07 07:38:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (231, '60153c25e9dc08683e4ca60fc859e60613fa8ce8abadb12fc795d4c73cc607fd', 'bs-0097', 'restored', '2025-01-07 07:38:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (232, '019f1715b514bbb2cffc66fe69c51663590c3b724c901f51c7dd18ad769d2e6c', 'bs-0102', 'restored', '2025-01-07 07:38:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (233, '9d6e441dcf7f77735c5e9e463a624141cbb231ef50980e6ff389d2281d9256b3', 'bs-0446', 'restored', '2025-01-07 07:39:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (234, 'b32ee52787e3cdbc7d7f2fc6f0be78168542c980d34f16ecec84f77f344f2041', 'bs-0447', 'restored', '2025-01-07 07:41:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (235, '2d8c370c86c2c52ebd3f27e3681f4baa2432f1dcad4e36f667afb0aa49905a20', 'bs-0110', 'restored', '2025-01-07 07:43:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (236, 'c57623d10ee8737af36f9504bdb7e41a363f7d81f6175c861e66a528c21f935d', 'bs-0125', 'restored', '2025-01-07 07:48:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (237, '78f2f67d0e4881d794414c67debc6a7a338ae966faf9f321b1034384b5f9966b', 'bs-0154', 'restored', '2025-01-07 07:54:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (238, '7bf1b96bf55e5160c8e76ed996962b57d10438482ce6c38e883eb6cc4fd5bf0b', 'bs-0156', 'restored', '2025-01-07 07:56:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (239, '2e541c00b8929cead3110acac9591a97820d661d72281b3eb31ab908e0f9fdea', 'bs-0451', 'restored', '2025-01-07 08:07:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (240, '721e9d15d2efde49aedfba453ddc0f12426594bc6bd916b262c522f88a4b814d', 'bs-0454', 'restored', '2025-01-07 08:07:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (241, '8452c1a96394476a32d0b944ee2f47c83866409f98e482820fb0a93a49b04e2d', 'bs-0466', 'restored', '2025-01-07 08:09:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (242, '58770b40252fa16129b4c5278bbe2239ab19c8e0df7c4126dd8141cadd2f2ff2', 'bs-0470', 'restored', '2025-01-07 08:09:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (243, '03bac4c56f35e2ddf10c75ff38103708725f0488ad5cbb13bf3e7383e258ffcb', 'bs-0471', 'restored', '2025-01-07 08:22:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (244, '97f9579cc4753902c8628ac888d6bbea227dd6617766ac2befd0084f954e01aa', 'bs-0474', 'restored', '2025-01-07 08:24:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (245, '9364a8b726e9e58ea11ffd13a6f702caf5b3f8689a4e1d8cda9d56b8debcecfd', 'bs-0167', 'restored', '2025-01-07 08:24:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (246, '859ef16d8bc20a249222cc134a10b572510daa19a1c341afbc020d0b6ab70866', 'bs-0477', 'restored', '2025-01-07 08:25:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (247, 'b92e386cfa239a2ec38646174c93349ba534c198730fed75e6f66fffdd18a6d1', 'bs-0481', 'restored', '2025-01-07 08:26:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (248, 'c7884c3789277e47065de0639b2dcf7e677eb3797e5acfc33299bc4f9847ee85', 'bs-0491', 'restored', '2025-01-07 08:42:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (249, 'f3d72a02f25c5194a7c652f03ecc0b9e23f6b0f33c14463ee2a47819227d867e', 'bs-0194', 'restored', '2025-01-07 08:44:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (250, '71b77115f3bc3f2be959f1d45172a446b8794d21846436673751543d9a662606', 'bs-0492', 'restored', '2025-01-07 08:49:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (251, '3665a012fad3d925f181f4d3e8eea5ac1bab932988aceccb79f9eb3c7aadad36', 'bs-0494', 'restored', '2025-01-07 08:50:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (252, '3b709c5c601eb4800d67b846226af02c27ee800640317c0bc3a0a9d80b80c535', 'bs-0503', 'restored', '2025-01-07 08:50:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (253, '177cd321569b69357a119d5d3bd17121f5d558dfdbcbf155a34361a49213a12b', 'bs-0534', 'restored', '2025-01-07 08:52:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (254, '066b0b9e1e332b7de68074c4612e17e83e313666f29be88ab02f573a01229458', 'bs-0535', 'restored', '2025-01-07 08:52:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (255, '6ed46de3b0206f83df00c2306a30420a3ed49884494f636f6486cf0ca25ca0e5', 'bs-0223', 'restored', '2025-01-07 08:52:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (256, '329d4bb53a4a98beba21ec33da3dbd5bdbb746190cb9ddc0d20684c39926272a', 'bs-0538', 'restored', '2025-01-07 09:01:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (257, 'dafce9a31af0fa83205a3315986d372f401e14c4fa512254fd5b705dd5b1a6cc', 'bs-0539', 'restored', '2025-01-07 09:04:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (258, '4d973b72aae00bd9cec6334cc36968e5bf3aa51c3723b0256398e7be0e47a701', 'bs-0541', 'restored', '2025-01-07 09:07:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (259, '153fd2d3a8b9a8a09068bc685b51b976b458c7883c2a0965dd6c7e744712a260', 'bs-0542', 'restored', '2025-01-07 09:12:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (260, '62d43fc4430671162aff57bfc2ae961927b0c08b728d16290745bd5fd5ad8ff2', 'bs-0544', 'restored', '2025-01-07 09:13:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (261, '4241ea6b2276b1d1aeadf7dfe65f6ad5dc5ec782a9c682fd3b498b9829a9b21f', 'bs-0550', 'restored', '2025-01-07 09:13:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (262, '45848c8c6c7b1bbffc0b3575a08160a81f7a4913a849883c8ae7e61d20a2b7fc', 'bs-0225', 'restored', '2025-01-07 09:15:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (263, '45141989e2ffeabda4a98cc60b07799937f8d814dd69c847401305d046a826d9', 'bs-0228', 'restored', '2025-01-07 09:22:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (264, '82f4200297f15aefdccfb3efe42f7e6898bec313b861fcb3cd1688e6e020fa8f', 'bs-0552', 'restored', '2025-01-07 09:23:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (265, '34d0d0cfa5b1aaf81dd91bd53a552d68b775cf896c207599d3cb1be077f2c2c2', 'bs-0554', 'restored', '2025-01-07 09:28:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (266, '01a1195961470502033517e87c760578e7ebce8a220560ba5ef5f961ade26f3e', 'bs-0556', 'restored', '2025-01-07 09:39:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (267, '83b7d1eac881311f89223af884dad26c8be5f9ef4262d778bb4112f0dc654360', 'bs-0561', 'restored', '2025-01-07 09:41:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (268, 'abb4db1cd65c3426207a66ef29f1a4483b30051bd322eae3135437cfe10806fd', 'bs-0568', 'restored', '2025-01-07 09:44:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (269, 'd0e59c5d9e3a5d944170485a88e0b9c52c2bedbf11aad599a9ccd800d4bda7dd', 'bs-0584', 'restored', '2025-01-07 09:46:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (270, '64b40983a4417f65f2bbbfd9c331a684133369632d1fb87ee6b8659dbca9f441', 'bs-0231', 'restored', '2025-01-07 09:46:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (271, 'fa7872f8c11bf638b8f884d4e7ff210e0878b6867631eab6f5ce686b17c85c1b', 'bs-0234', 'restored', '2025-01-07 09:47:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (272, 'b1b26a3d08c0b1df84c51c79f2dc090a1cf76c00b7b1ff3cc8400ec5871a798a', 'bs-0244', 'restored', '2025-01-07 09:47:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (273, '7839d04fbfe03e2066685c475e6e36517cbbe55f769613d208e41a6ddf5d1bbe', 'bs-0248', 'restored', '2025-01-07 09:49:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (274, '45d0dd749017eaadffe307bfd03b90e4ec5e4e9b65ff23c07f7f871a328f3dfa', 'bs-0592', 'restored', '2025-01-07 09:51:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (275, '5c490588a9b8266284d01bb42c35a024dc48df62a9981f5076d24af58bf1314e', 'bs-0257', 'restored', '2025-01-07 09:51:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (276, '27869821495e156e7777b3fbcbf27f5d69187a09b28569273c76cd005787c298', 'bs-0597', 'restored', '2025-01-07 09:52:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (277, '75f2518ebfa4fdfa075f3ceb5db8d041ce5e0819970ccd7988e2b9d3ca83d820', 'bs-0411', 'restored', '2025-01-07 09:53:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (278, 'd60d1c8d8c15f9d213aea5550d27659dfabe09a4b2933a28ce00b81ecf6ccd72', 'bs-0463', 'restored', '2025-01-07 09:56:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (279, '811e5c727f46f20c35b5a1e1a62d71dc4d7c38e3ef9f478e6d21918254872806', 'bs-0476', 'restored', '2025-01-07 09:58:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (280, '71731c31981f1d545473addff148235f5abdd6d902b22f5308912dad77357d7a', 'bs-0524', 'restored', '2025-01-07 10:00:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (281, '82dbbb5f0f4898c0e99ed0f8ab9f2ea1fd40ea2d3d3afac6e1da513868efed68', 'bs-0602', 'restored', '2025-01-07 10:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (282, '9b0147eabca2978e288c7c069b07ff97fb966c4f47360016c63fa810d991543f', 'bs-0593', 'restored', '2025-01-07 10:05:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (283, 'd1e7040c673ceb31f1249e43fdbae6deb138f98d879fd670300f6bc446b42ba5', 'bs-0613', 'restored', '2025-01-07 10:06:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (284, '52a2a17d4167c6cca1a48dec45a10e071506beed1492434874ce726ebe429af8', 'bs-0626', 'restored', '2025-01-07 10:08:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (285, '3a7b306cf54117dadb58c7330e642195d7695563c162094657aba5175bc177ea', 'bs-0669', 'restored', '2025-01-07 10:24:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (286, '20191bc2b9bf77d6fa7f0649c848be1ad893de100a87294123ee0f0306337628', 'bs-0698', 'restored', '2025-01-07 10:33:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (287, '3df2a2c5bdb2e2a16c2e4947d7405c511dfc0a783e7920a425b1a8e30dceb82c', 'bs-0699', 'restored', '2025-01-07 10:33:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (288, '3597eba1aef2aadc45a2839c183fc1a902cf5f49eda188534ce83d4f7beaac65', 'bs-0709', 'restored', '2025-01-07 10:35:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (289, 'f609438616fc63aa03afcd233205b38b67897569775e41f427b14769858fd782', 'bs-0715', 'restored', '2025-01-07 10:52:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (290, '486fcfdd6d700f57cbd69210cd4bd1f9ef56fff3ecee26a5f0325c0629672865', 'bs-0748', 'restored', '2025-01-07 10:56:00', '2026-11-29 19:52:49.51394', 'synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08', 'time illustrative', 'seed-dingri-2025');
INSERT INTO public.station_events VALUES (291, '76ad30709648a488aef71c374d9a42e1e3c27fb97e9ad1040b066b4882a049bf', 'bs-0007', 'restored', '2025-01-07 13:00:00', '2026-11-29 19:52:49.794109', 'China Mobile', '', 'b18ec9c1604956937');


--
-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.users VALUES ('li.wei', 'editor', '$2b$04$yQk.etcZVi.x0C6lKobT5uZ/CJrI8qAelwfbCF/JpX4.QnCxy2RHG', '2026-11-29 19:52:49.797818');
INSERT INTO public.users VALUES ('admin.zh', 'admin', NULL, '2026-11-29 19:52:49.800205');


--
-- Name: records_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.records_id_seq', 23, true);


--
-- Name: station_events_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.station_events_id_seq', 291, true);


--
-- Name: records records_content_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.records
    ADD CONSTRAINT records_content_hash_key UNIQUE (content_hash);


--
-- Name: records records_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.records
    ADD CONSTRAINT records_pkey PRIMARY KEY (id);


--
-- Name: retractions retractions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.retractions
    ADD CONSTRAINT retractions_pkey PRIMARY KEY (record_id);


--
-- Name: station_event_authors station_event_authors_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.station_event_authors
    ADD CONSTRAINT station_event_authors_pkey PRIMARY KEY (station_event_id);


--
-- Name: station_events station_events_content_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.station_events
    ADD CONSTRAINT station_events_content_hash_key UNIQUE (content_hash);


--
-- Name: station_events station_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.station_events
    ADD CONSTRAINT station_events_pkey PRIMARY KEY (id);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (name);


--
-- Name: ix_records_metric; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_records_metric ON public.records USING btree (metric);


--
-- Name: ix_records_observed_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_records_observed_at ON public.records USING btree (observed_at);


--
-- Name: ix_station_events_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_station_events_at ON public.station_events USING btree (at);


--
-- Name: ix_station_events_station_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_station_events_station_id ON public.station_events USING btree (station_id);


--
-- Name: records records_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER records_append_only BEFORE DELETE OR UPDATE ON public.records FOR EACH ROW EXECUTE FUNCTION public.sitrep_append_only();


--
-- Name: records records_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER records_no_truncate BEFORE TRUNCATE ON public.records FOR EACH STATEMENT EXECUTE FUNCTION public.sitrep_append_only();


--
-- Name: retractions retractions_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER retractions_append_only BEFORE DELETE OR UPDATE ON public.retractions FOR EACH ROW EXECUTE FUNCTION public.sitrep_append_only();


--
-- Name: retractions retractions_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER retractions_no_truncate BEFORE TRUNCATE ON public.retractions FOR EACH STATEMENT EXECUTE FUNCTION public.sitrep_append_only();


--
-- Name: station_event_authors station_event_authors_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER station_event_authors_append_only BEFORE DELETE OR UPDATE ON public.station_event_authors FOR EACH ROW EXECUTE FUNCTION public.sitrep_append_only();


--
-- Name: station_event_authors station_event_authors_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER station_event_authors_no_truncate BEFORE TRUNCATE ON public.station_event_authors FOR EACH STATEMENT EXECUTE FUNCTION public.sitrep_append_only();


--
-- Name: station_events station_events_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER station_events_append_only BEFORE DELETE OR UPDATE ON public.station_events FOR EACH ROW EXECUTE FUNCTION public.sitrep_append_only();


--
-- Name: station_events station_events_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER station_events_no_truncate BEFORE TRUNCATE ON public.station_events FOR EACH STATEMENT EXECUTE FUNCTION public.sitrep_append_only();


--
-- Name: records records_corrects_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.records
    ADD CONSTRAINT records_corrects_fkey FOREIGN KEY (corrects) REFERENCES public.records(id);


--
-- Name: retractions retractions_record_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.retractions
    ADD CONSTRAINT retractions_record_id_fkey FOREIGN KEY (record_id) REFERENCES public.records(id);


--
-- Name: station_event_authors station_event_authors_station_event_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.station_event_authors
    ADD CONSTRAINT station_event_authors_station_event_id_fkey FOREIGN KEY (station_event_id) REFERENCES public.station_events(id);


--
-- PostgreSQL database dump complete
--

\unrestrict f4w9zVVJqE9PdQalzfDHsnwcE8Mc7mz0F2HSzhUNU8j9yaJsLqPShM1Q4zWoqDt

